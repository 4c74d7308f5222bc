package dev.coffer.policy;

import java.util.List;

/**
 * How one column is shown to a principal, and why. Holds no data value.
 *
 * @param column the column
 * @param disposition {@code clear}, {@code masked} or {@code null}
 * @param maskingType the mask to apply ({@code no_mask} for an unprotected column)
 * @param mask applies the mask to the column's values
 * @param policy the policy that decided, or {@code null} when none applies
 * @param role the role whose rule decided ({@code *} for a catch-all rule), or {@code null}
 * @param reason a stable code: {@code unprotected}, {@code column_policy}, {@code tag_policy},
 *        {@code no_matching_role}, {@code detokenize_not_permitted} ({@code detokenize} given but the
 *        roles do not grant {@code tokens:detokenize}: {@code no_mask}, the token as stored),
 *        {@code tags_unavailable} (the column's tags cannot be read while tag policies exist: NULL),
 *        {@code policy_unreadable} (the deciding policy's stored definition is damaged: NULL)
 * @param explanation the reason in words, naming policies and roles
 * @param applicable every policy that applies to the column (the column policies naming it exactly,
 *        else the column policies listing it through {@code *} and the matching tag policies)
 */
public record AccessDecision(ColumnRef column, String disposition, MaskingType maskingType, ValueMask mask,
		PolicyRef policy, String role, String reason, String explanation, List<PolicyRef> applicable) {
}
