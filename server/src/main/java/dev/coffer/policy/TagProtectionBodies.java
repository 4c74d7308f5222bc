package dev.coffer.policy;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.coffer.policy.PolicyBodies.MaskingRule;

/** The request and view of a tag protection ({@code /api/v1/tag-masking}), and its stored definition. */
final class TagProtectionBodies {

	private TagProtectionBodies() {
	}

	@Schema(name = "TagProtectionRequest", description = "A tag (optionally one tag value) and how the columns carrying it "
			+ "are protected. `governed_mask` takes `rules`; `vault_tokenization` and `fpe` take `token_format`, "
			+ "`detokenize_roles` and optionally `others`.")
	record Request(
			@Schema(description = "The catalog tag (case-insensitive). On replace it may be left out; it cannot change.",
					example = "PII", requiredMode = Schema.RequiredMode.REQUIRED) String tag,
			@Schema(description = "Only columns whose tag has this value (case-insensitive); absent for any value. Cannot "
					+ "change on replace.", example = "email") String tagValue,
			@Schema(description = "`governed_mask` (a mask per role), `vault_tokenization` (the columns hold vaulted tokens: "
					+ "`detokenize_roles` see the original values, every other role `others`), or `fpe` (the same with a "
					+ "vaultless format-preserving format such as `card-fpe`).",
					allowableValues = { "governed_mask", "vault_tokenization", "fpe" },
					requiredMode = Schema.RequiredMode.REQUIRED) String protection,
			@Schema(description = "Free text, at most 1024 characters.") String description,
			@Schema(description = "`governed_mask`: per role a mask (1 to 100 rules, one per role, `*` for every other role), "
					+ "validated like a tag policy's rules.") List<MaskingRule> rules,
			@Schema(description = "`vault_tokenization` and `fpe`: the token format of the values the columns hold; a vaulted "
					+ "format (`card`, `email`, ...) for `vault_tokenization`, a vaultless FPE format (`card-fpe`, "
					+ "`digits-fpe`) for `fpe`. Resolved when the change is applied: an unknown format or one of the other "
					+ "kind makes the protection `failed`.", example = "card") String tokenFormat,
			@Schema(description = "`vault_tokenization` and `fpe`: the roles that see the original values (1 to 100). A role "
					+ "sees them only while it also grants `tokens:detokenize` (platform roles `admin`, `detokenizer`); "
					+ "otherwise it sees the token as stored.", example = "[\"detokenizer\"]") List<String> detokenizeRoles,
			@Schema(description = "`vault_tokenization` and `fpe`: what every other role sees; default `no_mask` (the token "
					+ "as stored), or any mask but `detokenize` (e.g. `last_four`, `null`).") Masking others) {
	}

	/** The validated protection as stored (JSON), without tag and description (columns of their own). */
	record Definition(String protection, List<MaskingRule> rules, String tokenFormat, List<String> detokenizeRoles,
			Masking others) {
	}

	@Schema(name = "TagProtectionFailure", description = "Why the latest change could not be applied.")
	record Failure(
			@Schema(description = "A stable code: `unknown_format`, `wrong_format_kind`, `name_taken`, "
					+ "`validation_failed` (or the one code of the compiled tag policy's validation), `payload_too_large`, "
					+ "`apply_interrupted` (the job applying it ended without applying it).", example = "unknown_format")
			String code,
			@Schema(description = "The reason in words.") String message) {
	}

	@Schema(name = "TagProtection", description = "A tag protection: the requested protection, and how far it is applied.")
	record View(
			@Schema(description = "Identifier (UUIDv7).") String id,
			@Schema(description = "The tag (lower case).") String tag,
			@Schema(description = "The tag value (lower case); absent for any value.") String tagValue,
			@Schema(description = "`governed_mask`, `vault_tokenization` or `fpe`: of the latest change.") String protection,
			@Schema(description = "Free text.") String description,
			@Schema(description = "`governed_mask`: per role a mask.") List<MaskingRule> rules,
			@Schema(description = "`vault_tokenization`, `fpe`: the token format.") String tokenFormat,
			@Schema(description = "`vault_tokenization`, `fpe`: the roles that see the original values.") List<String> detokenizeRoles,
			@Schema(description = "`vault_tokenization`, `fpe`: what every other role sees.") Masking others,
			@Schema(description = "`pending` (the latest change is being applied; another change answers 409 "
					+ "`protection_change_in_progress`), `applied`, or `failed` (see `failure`; what was in force before "
					+ "stays, see `policy_id`).", allowableValues = { "pending", "applied", "failed" }) String status,
			@Schema(description = "The latest change: `create`, `update` or `delete` (a protection whose deletion is applied "
					+ "is gone).", allowableValues = { "create", "update", "delete" }) String change,
			@Schema(description = "With status `failed`: why.") Failure failure,
			@Schema(description = "The managed tag policy in force (`/api/v1/policies/tags/{id}`); absent until a change was "
					+ "applied.") String policyId,
			@Schema(description = "The job of the latest change (`/api/v1/jobs/{id}`).") String jobId,
			@Schema(description = "Creation time.") OffsetDateTime createdAt,
			@Schema(description = "Time of the latest change.") OffsetDateTime updatedAt,
			@Schema(description = "When a change was last applied; absent before.") OffsetDateTime appliedAt,
			@Schema(description = "Who created it.") String createdBy) {
	}
}
