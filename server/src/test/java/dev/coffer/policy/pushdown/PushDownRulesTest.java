package dev.coffer.policy.pushdown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.MaskingType;
import dev.coffer.policy.PushDownFixtures;
import dev.coffer.policy.PushDownPolicies;
import dev.coffer.policy.PushDownPolicies.Mask;
import dev.coffer.policy.PushDownPolicies.Rule;

import static dev.coffer.policy.PushDownFixtures.mask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules push-down writes as SQL decide every combination of roles exactly as the decision
 * engine does: for each column and each subset of the roles, the first rule that holds gives the
 * engine's mask (with its parameters), and none holding means the engine's NULL.
 */
class PushDownRulesTest {

	private static final String SOURCE = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

	private static final List<String> ROLES = List.of("analyst", "contractor", "support", "auditor");

	@Test
	void theFirstRuleThatHoldsIsTheEnginesDecisionForEveryCombinationOfRoles() {
		ColumnRef email = new ColumnRef(SOURCE, "shop", "customers", "email");
		ColumnRef amount = new ColumnRef(SOURCE, "shop", "payments", "amount");
		ColumnRef phone = new ColumnRef(SOURCE, "shop", "customers", "phone");
		ColumnRef note = new ColumnRef(SOURCE, "shop", "customers", "note");
		PushDownPolicies policies = PushDownFixtures.revision(1)
			.columnPolicy("contractors-null", List.of(email), rules("contractor", mask("null"), "*", mask("no_mask")))
			.columnPolicy("analysts-full", List.of(email), rules("analyst", mask("full_mask"), "support", mask("email")))
			.columnPolicy("rounding", List.of(amount), rules("analyst", mask("round", "round_to", 100), "support",
					mask("round", "round_to", 1000), "auditor", mask("last_four"), "*", mask("full_mask")))
			.columnPolicy("rounding-too", List.of(new ColumnRef(SOURCE, "*", "payments", "amount")),
					rules("contractor", mask("round", "round_to", 10)))
			.tagPolicy("pii", "pii", null, rules("support", mask("no_mask"), "*", mask("last_four_hash")))
			.tagPolicy("pii-phone", "pii", "phone", rules("contractor", mask("null"), "analyst", mask("last_four")))
			.columnPolicy("notes-wildcard", List.of(new ColumnRef(SOURCE, "shop", "*", "note")), rules("auditor", mask("constant",
					"constant", "x"), "*", mask("null")))
			.build();
		Map<ColumnRef, List<ColumnTag>> columns = new LinkedHashMap<>();
		columns.put(email, List.of());
		columns.put(amount, List.of());
		columns.put(phone, List.of(new ColumnTag("pii", "phone")));
		columns.put(note, List.of(new ColumnTag("pii", null)));
		int compared = 0;
		for (Map.Entry<ColumnRef, List<ColumnTag>> column : columns.entrySet()) {
			List<Rule> rules = policies.rules(column.getKey(), column.getValue());
			assertThat(rules).isNotEmpty();
			for (List<String> roles : subsets()) {
				Mask expected = policies.decide(column.getKey(), roles, column.getValue()).mask();
				Mask actual = rules.stream().filter(rule -> rule.holds(roles)).map(Rule::mask).findFirst()
					.orElse(Mask.of(MaskingType.NULL));
				assertThat(actual).as(column.getKey() + " for " + roles).isEqualTo(expected);
				compared++;
			}
		}
		assertThat(compared).isEqualTo(4 * 16);
		// and the CASE branches written from them (simplified) pick the same mask
		List<SourceColumn> source = List.of(new SourceColumn("shop", "customers", "email", "text", TypeFamily.TEXT),
				new SourceColumn("shop", "customers", "phone", "text", TypeFamily.TEXT),
				new SourceColumn("shop", "customers", "note", "text", TypeFamily.TEXT),
				new SourceColumn("shop", "payments", "amount", "numeric", TypeFamily.NUMBER));
		PushDownPlan plan = PushDownPlan.of(policies, SOURCE, source, (schema, table) -> table.equals("customers")
				? Map.of("phone", List.of(new ColumnTag("pii", "phone")), "note", List.of(new ColumnTag("pii", null))) : Map.of())
			.withRoles(ROLES.stream().map(role -> new PushDownPlan.RoleMapping(role, role)).toList());
		for (PushDownPlan.TablePlan table : plan.tables()) {
			for (PushDownPlan.ColumnPlan column : table.masked().values()) {
				ColumnRef ref = new ColumnRef(SOURCE, table.schema(), table.table(), column.column().column());
				List<RuleCases.Branch> branches = RuleCases.branches(column.rules(), plan, role -> "<" + role + ">");
				for (List<String> roles : subsets()) {
					Mask expected = policies.decide(ref, roles, column.tags()).mask();
					Mask actual = branches.stream()
						.filter(branch -> branch.condition() == null || new Condition(branch.condition(), roles).value())
						.map(RuleCases.Branch::mask)
						.findFirst()
						.orElseThrow();
					assertThat(actual).as(ref + " CASE for " + roles).isEqualTo(expected);
				}
			}
		}
		Mask both = policies.decide(email, List.of("analyst", "contractor"), List.of()).mask();
		assertThat(both.type()).as("the reviewed example: a named rule overrides its policy's '*'").isEqualTo(MaskingType.FULL_MASK);
	}

	/** Evaluates a branch condition: {@code <role>}, {@code (a OR b)}, {@code NOT x}, {@code x AND y}. */
	private static final class Condition {

		private final String text;

		private final List<String> roles;

		private int at;

		Condition(String text, List<String> roles) {
			this.text = text;
			this.roles = roles;
		}

		boolean value() {
			boolean value = and();
			assertThat(this.at).as(this.text).isEqualTo(this.text.length());
			return value;
		}

		private boolean and() {
			boolean value = term();
			while (skip(" AND ")) {
				value &= term();
			}
			return value;
		}

		private boolean term() {
			if (skip("NOT ")) {
				return !term();
			}
			if (skip("(")) {
				boolean value = and();
				while (skip(" OR ")) {
					value |= and();
				}
				assertThat(skip(")")).as(this.text).isTrue();
				return value;
			}
			int end = this.text.indexOf('>', this.at);
			String role = this.text.substring(this.at + 1, end);
			this.at = end + 1;
			return this.roles.contains(role);
		}

		private boolean skip(String token) {
			if (this.text.startsWith(token, this.at)) {
				this.at += token.length();
				return true;
			}
			return false;
		}
	}

	private static List<List<String>> subsets() {
		List<List<String>> subsets = new ArrayList<>();
		for (int bits = 0; bits < 1 << ROLES.size(); bits++) {
			List<String> subset = new ArrayList<>();
			for (int i = 0; i < ROLES.size(); i++) {
				if ((bits & (1 << i)) != 0) {
					subset.add(ROLES.get(i));
				}
			}
			subsets.add(subset);
		}
		return subsets;
	}

	private static Map<String, Map<String, Object>> rules(Object... roleAndMask) {
		Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
		for (int i = 0; i < roleAndMask.length; i += 2) {
			@SuppressWarnings("unchecked")
			Map<String, Object> mask = (Map<String, Object>) roleAndMask[i + 1];
			rules.put((String) roleAndMask[i], mask);
		}
		return rules;
	}
}
