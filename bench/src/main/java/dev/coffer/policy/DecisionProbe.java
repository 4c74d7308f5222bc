package dev.coffer.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.coffer.api.security.Permission;

/**
 * The decision engine's in-process path, for {@code PolicyDecisionBench}: a class of the bench
 * module in the server's package (as {@code FpeProbe}), so that it can build a {@link PolicySnapshot}
 * without a store and decide a batch exactly as {@link AccessEngine#decide} does once it has the
 * snapshot and the batch's tags: the principal's roles to bits once per batch, the detokenize grant
 * once, then per column the snapshot's decision and the detokenize check.
 */
public final class DecisionProbe {

	/** Masks without the vault or a key, the kinds policies mostly hold. */
	private static final List<ValueMask> MASKS = List.of(new Masks.EmailMask(), new Masks.LastFour(), new Masks.FullMask(),
			new Masks.NullMask(), new Masks.NoMask(), new Masks.FullMaskHash(), new Masks.Constant("REDACTED"),
			new Masks.FirstFour(), new Masks.YearOnly());

	private final PolicySnapshot snapshot;

	private final List<ColumnRef> universe;

	private final List<String> tagNames;

	private DecisionProbe(PolicySnapshot snapshot, List<ColumnRef> universe, List<String> tagNames) {
		this.snapshot = snapshot;
		this.universe = universe;
		this.tagNames = tagNames;
	}

	/**
	 * A snapshot of {@code columnPolicies} column policies (one in five through a {@code *}), {@code tagPolicies}
	 * tag policies over 20 tags (one in three for one value), {@code roles} data roles, 2 to 4 rules
	 * each (one in four policies with a {@code *} rule), over 5 data sources x 3 schemas x 40 tables x 30 columns.
	 */
	public static DecisionProbe realistic(long seed, int columnPolicies, int tagPolicies, int roles) {
		Random random = new Random(seed);
		List<String> sources = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sources.add(String.format("0197a1b2-c3d4-7e5f-8a9b-%012d", i));
		}
		List<String> schemas = List.of("public", "sales", "hr");
		List<ColumnRef> universe = new ArrayList<>();
		for (String source : sources) {
			for (String schema : schemas) {
				for (int t = 0; t < 40; t++) {
					for (int c = 0; c < 30; c++) {
						universe.add(new ColumnRef(source, schema, "table_" + t, "column_" + c));
					}
				}
			}
		}
		List<String> roleNames = new ArrayList<>();
		for (int i = 0; i < roles; i++) {
			roleNames.add("role_" + i);
		}
		List<String> tagNames = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			tagNames.add("tag_" + i);
		}
		List<PolicySnapshot.Compiled> columns = new ArrayList<>();
		for (int p = 0; p < columnPolicies; p++) {
			List<ColumnRef> listed = new ArrayList<>();
			int count = 1 + random.nextInt(5);
			for (int i = 0; i < count; i++) {
				ColumnRef column = universe.get(random.nextInt(universe.size()));
				if (p % 5 == 4) {
					column = switch (i % 3) {
						case 0 -> new ColumnRef(column.dataSourceId(), "*", column.table(), column.column());
						case 1 -> new ColumnRef(column.dataSourceId(), column.schema(), "*", column.column());
						default -> new ColumnRef(column.dataSourceId(), column.schema(), column.table(), "*");
					};
				}
				listed.add(column);
			}
			columns.add(compiled(random, new PolicyRef("column", id(p), "column-policy-" + p), listed, null, null, roleNames));
		}
		List<PolicySnapshot.Compiled> tags = new ArrayList<>();
		for (int p = 0; p < tagPolicies; p++) {
			String tag = tagNames.get(random.nextInt(tagNames.size()));
			String value = p % 3 == 0 ? "value_" + random.nextInt(3) : null;
			tags.add(compiled(random, new PolicyRef("tag", id(10_000 + p), "tag-policy-" + p), List.of(), tag, value, roleNames));
		}
		return new DecisionProbe(new PolicySnapshot(1, columns, tags, List.of()), universe, tagNames);
	}

	private static PolicySnapshot.Compiled compiled(Random random, PolicyRef ref, List<ColumnRef> columns, String tag,
			String value, List<String> roleNames) {
		List<String> roles = new ArrayList<>();
		List<ValueMask> masks = new ArrayList<>();
		int rules = 2 + random.nextInt(3);
		while (roles.size() < rules) {
			String role = roleNames.get(random.nextInt(roleNames.size()));
			if (!roles.contains(role)) {
				roles.add(role);
				masks.add(MASKS.get(random.nextInt(MASKS.size())));
			}
		}
		if (random.nextInt(4) == 0) {
			roles.add(PolicyValidator.ANY_ROLE);
			masks.add(new Masks.FullMask());
		}
		return new PolicySnapshot.Compiled(ref, columns, tag, value, roles, masks);
	}

	private static String id(int n) {
		return String.format("0197a1b2-0000-7000-8000-%012d", n);
	}

	/** {@code size} random columns of the universe (a third of them covered by some policy or tag is typical). */
	public List<ColumnRef> batch(Random random, int size) {
		List<ColumnRef> batch = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			batch.add(this.universe.get(random.nextInt(this.universe.size())));
		}
		return batch;
	}

	/** Catalog tags for the batch's columns: each column has 0 to 2 tags (one in two columns has none). */
	public Map<ColumnRef, List<ColumnTag>> tags(Random random, List<ColumnRef> batch) {
		Map<ColumnRef, List<ColumnTag>> tags = new HashMap<>();
		for (ColumnRef column : batch) {
			int count = random.nextInt(4) - 1;
			List<ColumnTag> list = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				list.add(new ColumnTag(this.tagNames.get(random.nextInt(this.tagNames.size())),
						random.nextBoolean() ? "value_" + random.nextInt(3) : null));
			}
			tags.put(column, list);
		}
		return tags;
	}

	/**
	 * Decides a batch as {@link AccessEngine#decide} does after reading the tags; answers a checksum
	 * of the decisions (so the JIT cannot drop them).
	 */
	public int decide(Collection<String> roles, List<ColumnRef> columns, Map<ColumnRef, List<ColumnTag>> columnTags) {
		PolicySnapshot.Roles bits = this.snapshot.roles(roles);
		boolean mayDetokenize = AccessEngine.grants(roles, Permission.DETOKENIZE);
		int sum = 0;
		for (ColumnRef column : columns) {
			AccessDecision decision = this.snapshot.decide(column, bits, columnTags.getOrDefault(column, List.of()));
			if (decision.maskingType() == MaskingType.DETOKENIZE && !mayDetokenize) {
				sum++;
			}
			sum += decision.maskingType().ordinal() + decision.applicable().size();
		}
		return sum;
	}
}
