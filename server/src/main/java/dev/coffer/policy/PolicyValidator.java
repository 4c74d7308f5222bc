package dev.coffer.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.security.DataRoles;
import dev.coffer.policy.PolicyBodies.ColumnPolicyBody;
import dev.coffer.policy.PolicyBodies.MaskingRule;
import dev.coffer.policy.PolicyBodies.RowPolicyBody;
import dev.coffer.policy.PolicyBodies.RowRule;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;

/**
 * Validates policy bodies, listing every problem with a stable code, and normalizes them (names of
 * roles, tags and columns in lower case, masks in their canonical form, duplicate columns dropped).
 */
@Component
class PolicyValidator {

	static final int MAX_COLUMNS = 1000;

	static final int MAX_RULES = 100;

	static final int MAX_ROW_VALUES = 1000;

	/** Allowed values of a row policy over all its rules. */
	static final int MAX_ROW_VALUES_TOTAL = 10_000;

	static final String ANY_ROLE = "*";

	private final MaskCompiler masks;

	PolicyValidator(MaskCompiler masks) {
		this.masks = masks;
	}

	ColumnPolicyBody column(ColumnPolicyBody body) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null) {
			throw ValidationFailedException.of("", "required", "a JSON object is required");
		}
		checkName(body.name(), body.description(), errors);
		Set<ColumnRef> columns = new LinkedHashSet<>();
		if (body.columns() == null || body.columns().isEmpty()) {
			errors.add(new FieldError("columns", "required", "must list at least one column"));
		}
		else if (body.columns().size() > MAX_COLUMNS) {
			errors.add(new FieldError("columns", "too_many", "must list at most " + MAX_COLUMNS + " columns"));
		}
		else {
			for (int i = 0; i < body.columns().size(); i++) {
				ColumnRef.check("columns[" + i + "]", body.columns().get(i), true, errors);
				columns.add(body.columns().get(i));
			}
		}
		List<MaskingRule> rules = maskingRules(body.rules(), errors);
		throwIfAny(errors);
		return new ColumnPolicyBody(body.name().trim(), body.description(), List.copyOf(columns), rules);
	}

	TagPolicyBody tag(TagPolicyBody body) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null) {
			throw ValidationFailedException.of("", "required", "a JSON object is required");
		}
		checkName(body.name(), body.description(), errors);
		checkLabel("tag", body.tag(), true, errors);
		checkLabel("tag_value", body.tagValue(), false, errors);
		List<MaskingRule> rules = maskingRules(body.rules(), errors);
		throwIfAny(errors);
		ColumnTag tag = new ColumnTag(body.tag(), body.tagValue());
		return new TagPolicyBody(body.name().trim(), body.description(), tag.name(), tag.value(), rules);
	}

	RowPolicyBody row(RowPolicyBody body) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null) {
			throw ValidationFailedException.of("", "required", "a JSON object is required");
		}
		checkName(body.name(), body.description(), errors);
		TableRef.check("table", body.table(), errors);
		ColumnRef.checkName("column", body.column(), false, errors);
		List<RowRule> rules = new ArrayList<>();
		if (body.rules() == null || body.rules().isEmpty()) {
			errors.add(new FieldError("rules", "required", "must have at least one rule"));
		}
		else if (body.rules().size() > MAX_RULES) {
			errors.add(new FieldError("rules", "too_many", "must have at most " + MAX_RULES + " rules"));
		}
		else if (body.rules().stream().mapToLong(rule -> rule == null || rule.values() == null ? 0 : rule.values().size())
			.sum() > MAX_ROW_VALUES_TOTAL) {
			errors.add(new FieldError("rules", "too_many", "must list at most " + MAX_ROW_VALUES_TOTAL
					+ " values over all rules"));
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < body.rules().size(); i++) {
				RowRule rule = body.rules().get(i);
				String field = "rules[" + i + "]";
				if (rule == null) {
					errors.add(new FieldError(field, "required", "must be a rule object"));
					continue;
				}
				String role = role(field + ".role", rule.role(), seen, errors);
				List<String> values = rowValues(field + ".values", rule.values(), errors);
				if (role != null && values != null) {
					rules.add(new RowRule(role, values));
				}
			}
		}
		throwIfAny(errors);
		return new RowPolicyBody(body.name().trim(), body.description(), body.table(), ColumnRef.lower(body.column()),
				rules);
	}

	private List<MaskingRule> maskingRules(List<MaskingRule> input, List<FieldError> errors) {
		List<MaskingRule> rules = new ArrayList<>();
		if (input == null || input.isEmpty()) {
			errors.add(new FieldError("rules", "required", "must have at least one rule"));
			return rules;
		}
		if (input.size() > MAX_RULES) {
			errors.add(new FieldError("rules", "too_many", "must have at most " + MAX_RULES + " rules"));
			return rules;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < input.size(); i++) {
			MaskingRule rule = input.get(i);
			String field = "rules[" + i + "]";
			if (rule == null) {
				errors.add(new FieldError(field, "required", "must be a rule object"));
				continue;
			}
			String role = role(field + ".role", rule.role(), seen, errors);
			MaskSpec spec = MaskSpec.parse(field + ".masking", rule.masking(), this.masks.tokenFormats(), errors);
			if (role != null && spec != null) {
				rules.add(new MaskingRule(role, spec.view()));
			}
		}
		return rules;
	}

	/** A policy role: {@code *}, or a platform or data role name (lower case). */
	static String role(String field, String name, Set<String> seen, List<FieldError> errors) {
		if (name == null || name.isEmpty()) {
			errors.add(new FieldError(field, "required", "is required"));
			return null;
		}
		String role = ANY_ROLE.equals(name) ? ANY_ROLE : DataRoles.normalize(name);
		if (role == null) {
			errors.add(new FieldError(field, "invalid_format",
					"must be '*' or 1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"));
			return null;
		}
		if (!seen.add(role)) {
			errors.add(new FieldError(field, "duplicate_role", "names a role an earlier rule of this policy names; one rule per role"));
			return null;
		}
		return role;
	}

	private static List<String> rowValues(String field, List<String> values, List<FieldError> errors) {
		if (values == null || values.isEmpty()) {
			errors.add(new FieldError(field, "required", "must list at least one value, or '*' for every row"));
			return null;
		}
		if (values.size() > MAX_ROW_VALUES) {
			errors.add(new FieldError(field, "too_many", "must list at most " + MAX_ROW_VALUES + " values"));
			return null;
		}
		Set<String> distinct = new LinkedHashSet<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			if (value == null) {
				errors.add(new FieldError(field + "[" + i + "]", "required", "must be a value (text)"));
			}
			else if (value.length() > 256) {
				errors.add(new FieldError(field + "[" + i + "]", "too_long", "must be at most 256 characters"));
			}
			else {
				distinct.add(value);
			}
		}
		if (distinct.contains("*") && distinct.size() > 1) {
			errors.add(new FieldError(field, "conflict", "'*' (every row) stands alone"));
		}
		return List.copyOf(distinct);
	}

	private static void checkName(String name, String description, List<FieldError> errors) {
		if (name == null || name.isBlank()) {
			errors.add(new FieldError("name", "required", "is required"));
		}
		else if (name.trim().length() > 128) {
			errors.add(new FieldError("name", "too_long", "must be at most 128 characters"));
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldError("name", "invalid_format", "must not contain control characters"));
		}
		if (description != null && description.length() > 1024) {
			errors.add(new FieldError("description", "too_long", "must be at most 1024 characters"));
		}
	}

	static void checkLabel(String field, String label, boolean required, List<FieldError> errors) {
		if (label == null || label.isBlank()) {
			if (required) {
				errors.add(new FieldError(field, "required", "is required"));
			}
		}
		else if (label.length() > 256) {
			errors.add(new FieldError(field, "too_long", "must be at most 256 characters"));
		}
		else if (label.chars().anyMatch(Character::isISOControl)) {
			errors.add(new FieldError(field, "invalid_format", "must not contain control characters"));
		}
	}

	private static void throwIfAny(List<FieldError> errors) {
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
	}

	static String lower(String text) {
		return text.toLowerCase(Locale.ROOT);
	}
}
