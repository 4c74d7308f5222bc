package dev.coffer.query;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Walks the parser's syntax tree by reflection over every field, so no child is ever missed,
 * whatever its type: the checks that must see every node (allowed types, functions, every column
 * and table accounted for) rely on this instead of a visitor that could skip a new kind of child.
 * The parser's own bookkeeping (tokens, the JavaCC node) is not part of the tree and is skipped.
 */
final class Ast {

	private static final String MODEL = "net.sf.jsqlparser.";

	private static final String PARSER_INTERNALS = "net.sf.jsqlparser.parser.";

	private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

	private Ast() {
	}

	/** Every node of the parser's model reachable from {@code root}, parents before children, each once. */
	static List<Object> nodes(Object root) {
		List<Object> out = new ArrayList<>();
		walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), out, null);
		return out;
	}

	/**
	 * The nodes of one expression or clause, not descending into SELECTs (they are answered as
	 * nodes, their insides left out; {@code root} too when it is one) nor into a column's or
	 * {@code t.*}'s table qualifier.
	 */
	static List<Object> shallow(Object root) {
		List<Object> out = new ArrayList<>();
		walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), out, root);
		return out;
	}

	private static void walk(Object value, Set<Object> seen, List<Object> out, Object shallowRoot) {
		if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character || value instanceof Enum<?> || !seen.add(value)) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				walk(entry.getKey(), seen, out, shallowRoot);
				walk(entry.getValue(), seen, out, shallowRoot);
			}
			return;
		}
		boolean model = value.getClass().getName().startsWith(MODEL);
		if (model && value.getClass().getName().startsWith(PARSER_INTERNALS)) {
			return;
		}
		if (model) {
			out.add(value);
			if (shallowRoot != null
					&& (value instanceof Select || value instanceof Column || value instanceof AllTableColumns)) {
				return;
			}
		}
		if (value instanceof Collection<?> collection) {
			for (Object element : collection) {
				walk(element, seen, out, shallowRoot);
			}
			if (!model) {
				return;
			}
		}
		if (value instanceof Object[] array) {
			for (Object element : array) {
				walk(element, seen, out, shallowRoot);
			}
			return;
		}
		if (!model) {
			return;
		}
		for (Field field : fields(value.getClass())) {
			try {
				walk(field.get(value), seen, out, shallowRoot);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("cannot read " + field, ex);
			}
		}
	}

	private static List<Field> fields(Class<?> type) {
		return FIELDS.computeIfAbsent(type, t -> {
			List<Field> fields = new ArrayList<>();
			for (Class<?> k = t; k != null && k != Object.class && !k.getName().startsWith("java."); k = k.getSuperclass()) {
				for (Field field : k.getDeclaredFields()) {
					if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
							|| field.getName().equals("node")) {
						continue;
					}
					field.setAccessible(true);
					fields.add(field);
				}
			}
			return List.copyOf(fields);
		});
	}

	/** The simple name of a node's class, with a nested class's outer name dropped ({@code Alias$AliasColumn} → {@code AliasColumn}). */
	static String kind(Object node) {
		return node.getClass().getSimpleName();
	}
}
