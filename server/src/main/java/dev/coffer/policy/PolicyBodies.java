package dev.coffer.policy;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The bodies of the three policy kinds, as requests send them and the store keeps them, and their views. */
final class PolicyBodies {

	private PolicyBodies() {
	}

	/** One role's mask in a column or tag policy. */
	@Schema(name = "MaskingRule", description = "What one role sees.")
	record MaskingRule(
			@Schema(description = "A policy role: a platform role name (`admin`, `steward`, ...) or a data role (`analyst`), "
					+ "case-insensitive; `*` for every role the policy names nowhere else.", example = "analyst",
					requiredMode = Schema.RequiredMode.REQUIRED) String role,
			@Schema(description = "The mask this role gets.", requiredMode = Schema.RequiredMode.REQUIRED) Masking masking) {
	}

	/** One role's allowed rows in a row policy. */
	@Schema(name = "RowRule", description = "The rows one role may see.")
	record RowRule(
			@Schema(description = "A policy role (see MaskingRule.role); `*` for every role.", example = "sales-emea",
					requiredMode = Schema.RequiredMode.REQUIRED) String role,
			@Schema(description = "The values of the reference column whose rows the role sees (compared as text, exactly); "
					+ "`*` alone means every row.", example = "[\"DE\", \"FR\"]",
					requiredMode = Schema.RequiredMode.REQUIRED) List<String> values) {

		/** The allowed values are data: counted, never printed. */
		@Override
		public String toString() {
			return "RowRule[" + this.role + " " + (this.values == null ? 0 : this.values.size()) + " values]";
		}
	}

	@Schema(name = "ColumnPolicyRequest", description = "A column policy: columns, and per role a mask.")
	record ColumnPolicyBody(
			@Schema(description = "Unique name (1 to 128 characters).", example = "customer-emails",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Free text, at most 1024 characters.") String description,
			@Schema(description = "The columns (1 to 1000); `*` may stand for a whole schema, table or column name.",
					requiredMode = Schema.RequiredMode.REQUIRED) List<ColumnRef> columns,
			@Schema(description = "Per role a mask (1 to 100 rules, one per role).", requiredMode = Schema.RequiredMode.REQUIRED)
			List<MaskingRule> rules) {
	}

	@Schema(name = "TagPolicyRequest", description = "A tag policy: a tag (optionally with a value), and per role a mask.")
	record TagPolicyBody(
			@Schema(description = "Unique name (1 to 128 characters).", example = "pii-email",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Free text, at most 1024 characters.") String description,
			@Schema(description = "The tag (case-insensitive), as the catalog names it.", example = "pii",
					requiredMode = Schema.RequiredMode.REQUIRED) String tag,
			@Schema(description = "Only columns whose tag has this value (case-insensitive); absent for any value.",
					example = "email") String tagValue,
			@Schema(description = "Per role a mask (1 to 100 rules, one per role).", requiredMode = Schema.RequiredMode.REQUIRED)
			List<MaskingRule> rules) {
	}

	@Schema(name = "RowPolicyRequest", description = "A row policy: a table, its reference column, and per role the allowed values.")
	record RowPolicyBody(
			@Schema(description = "Unique name (1 to 128 characters).", example = "orders-by-region",
					requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(description = "Free text, at most 1024 characters.") String description,
			@Schema(description = "The table.", requiredMode = Schema.RequiredMode.REQUIRED) TableRef table,
			@Schema(description = "The reference column whose value decides whether a role sees a row.", example = "region",
					requiredMode = Schema.RequiredMode.REQUIRED) String column,
			@Schema(description = "Per role the allowed values (1 to 100 rules, one per role; 1 to 1000 values of at most 256 "
					+ "characters per rule, at most 10000 values in all).",
					requiredMode = Schema.RequiredMode.REQUIRED) List<RowRule> rules) {

		@Override
		public String toString() {
			return "RowPolicyBody[" + this.name + " " + this.table + " " + this.column + " " + this.rules + "]";
		}
	}

	@Schema(name = "ColumnPolicy", description = "A column policy.")
	record ColumnPolicyView(@Schema(description = "Identifier (UUIDv7).") String id,
			@Schema(description = "Unique name.") String name, @Schema(description = "Free text.") String description,
			@Schema(description = "The columns.") List<ColumnRef> columns,
			@Schema(description = "Per role a mask.") List<MaskingRule> rules,
			@Schema(description = "Creation time.") OffsetDateTime createdAt,
			@Schema(description = "Last change.") OffsetDateTime updatedAt,
			@Schema(description = "Who created it, e.g. `administrator:0191...`.") String createdBy,
			@Schema(description = "True when the stored definition is damaged and cannot be read: the policy then gives every "
					+ "role NULL (and no rows) where it applies until it is replaced (PUT) or deleted, and its definition fields "
					+ "are absent.") boolean definitionUnreadable) {
	}

	@Schema(name = "TagPolicy", description = "A tag policy.")
	record TagPolicyView(@Schema(description = "Identifier (UUIDv7).") String id,
			@Schema(description = "Unique name.") String name, @Schema(description = "Free text.") String description,
			@Schema(description = "The tag.") String tag,
			@Schema(description = "The tag value; absent for any value.") String tagValue,
			@Schema(description = "Per role a mask.") List<MaskingRule> rules,
			@Schema(description = "The tag protection (`/api/v1/tag-masking/{id}`) that manages this policy; absent for a "
					+ "policy written by hand. A managed policy changes only through its protection (409 `policy_managed`).")
			String managedBy,
			@Schema(description = "Creation time.") OffsetDateTime createdAt,
			@Schema(description = "Last change.") OffsetDateTime updatedAt,
			@Schema(description = "Who created it.") String createdBy,
			@Schema(description = "True when the stored definition is damaged and cannot be read: the policy then gives every "
					+ "role NULL (and no rows) where it applies until it is replaced (PUT) or deleted, and its definition fields "
					+ "are absent.") boolean definitionUnreadable) {
	}

	@Schema(name = "RowPolicy", description = "A row policy.")
	record RowPolicyView(@Schema(description = "Identifier (UUIDv7).") String id,
			@Schema(description = "Unique name.") String name, @Schema(description = "Free text.") String description,
			@Schema(description = "The table.") TableRef table,
			@Schema(description = "The reference column.") String column,
			@Schema(description = "Per role the allowed values.") List<RowRule> rules,
			@Schema(description = "Creation time.") OffsetDateTime createdAt,
			@Schema(description = "Last change.") OffsetDateTime updatedAt,
			@Schema(description = "Who created it.") String createdBy,
			@Schema(description = "True when the stored definition is damaged and cannot be read: the policy then gives every "
					+ "role NULL (and no rows) where it applies until it is replaced (PUT) or deleted, and its definition fields "
					+ "are absent.") boolean definitionUnreadable) {

		@Override
		public String toString() {
			return "RowPolicyView[" + this.id + " " + this.name + " " + this.table + " " + this.column + " " + this.rules + "]";
		}
	}
}
