package dev.coffer.query;

import java.util.regex.Pattern;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.query.SourceDialect.Ident;

/**
 * The names of a statement as the caller wrote them, checked before any is resolved: each must be
 * read by the database exactly as the checks read it. Refused ({@code identifier_not_allowed}):
 * names longer than the database keeps (PostgreSQL cuts them at 63 bytes, so two names could
 * become one), empty names, quotes the database does not read as a name's ({@code [x]}; backticks
 * on PostgreSQL), text that is no identifier ({@code AS 'x'}), and declared names (aliases, CTE
 * names, column aliases) starting with the prefix of the names the rewrite generates.
 */
final class Identifiers {

	/** An unquoted identifier: a letter or underscore, then letters, digits, underscores or dollars. */
	private static final Pattern UNQUOTED = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

	private Identifiers() {
	}

	/**
	 * Refuses, before anything is resolved, every name the database could read otherwise than the
	 * checks: too long, empty, quoted in a way the database does not read as a name, not an
	 * identifier at all, or declared (an alias, CTE name or column alias) with the reserved prefix.
	 */
	static void check(Select root, SourceDialect dialect) {
		for (Object node : Ast.nodes(root)) {
			if (node instanceof Column column) {
				if (!QueryAnalyzer.isKeyword(column)) {
					name(dialect, column.getColumnName(), false);
				}
			}
			else if (node instanceof Table table) {
				for (String part : table.getNameParts()) {
					if (part != null && !part.isEmpty()) {
						name(dialect, part, false);
					}
				}
			}
			else if (node instanceof Alias alias) {
				name(dialect, alias.getName(), true);
				if (alias.getAliasColumns() != null) {
					for (Alias.AliasColumn column : alias.getAliasColumns()) {
						if (column.colDataType != null) {
							throw new ApiException(ErrorCode.QUERY_NOT_SUPPORTED,
									"The governed query does not run typed column aliases (AS t(a type))");
						}
						name(dialect, column.name, true);
					}
				}
			}
			else if (node instanceof WithItem<?> with && with.getWithItemList() != null) {
				for (SelectItem<?> item : with.getWithItemList()) {
					name(dialect, String.valueOf(item.getExpression()), true);
				}
			}
		}
	}

	private static void name(SourceDialect dialect, String raw, boolean declared) {
		if (raw == null || raw.isEmpty()) {
			throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "The statement holds an empty name");
		}
		char first = raw.charAt(0);
		if (first == '"' || first == '`' || first == '[') {
			if (!dialect.quotedAsIdentifier(first) || raw.length() < 2 || raw.charAt(raw.length() - 1) != (first == '[' ? ']' : first)) {
				throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "Name " + SelectParser.shorten(raw)
						+ " is quoted in a way the database does not read as a name; quote names with double quotes");
			}
		}
		else if (!UNQUOTED.matcher(raw).matches()) {
			throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "'" + SelectParser.shorten(raw)
					+ "' is not a name; write names as identifiers (letters, digits, _), or quote them with double quotes");
		}
		Ident ident = Ident.of(raw);
		dialect.checkLength(ident);
		if (declared && ident.name().regionMatches(true, 0, QueryAnalyzer.RESERVED_PREFIX, 0, QueryAnalyzer.RESERVED_PREFIX.length())) {
			throw new ApiException(ErrorCode.IDENTIFIER_NOT_ALLOWED, "Name '" + SelectParser.shorten(ident.name())
					+ "' starts with '" + QueryAnalyzer.RESERVED_PREFIX + "', which is reserved for the names the governed query writes; "
					+ "pick another alias");
		}
	}
}
