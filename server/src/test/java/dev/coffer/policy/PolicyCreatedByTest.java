package dev.coffer.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who created a policy is stored within its column ({@code created_by VARCHAR(200)}) whatever the principal. */
class PolicyCreatedByTest {

	@Test
	void aReferenceLongerThanTheColumnIsStoredAsItsKindAndAHashOfTheRest() {
		String key = "service_account:0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
		assertThat(PolicyService.reference(key)).isEqualTo(key);
		String longSubject = "oidc_user:" + "s".repeat(400);
		String stored = PolicyService.reference(longSubject);
		assertThat(stored).hasSizeLessThanOrEqualTo(PolicyService.MAX_CREATED_BY)
			.isEqualTo("oidc_user:sha256:" + MaskValues.sha256Hex("s".repeat(400)));
		assertThat(PolicyService.reference("oidc_user:" + "t".repeat(400))).as("one value per principal").isNotEqualTo(stored);
		assertThat(PolicyService.reference(":".repeat(300))).hasSizeLessThanOrEqualTo(PolicyService.MAX_CREATED_BY);
	}
}
