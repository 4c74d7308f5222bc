package dev.coffer.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.coffer.support.Api;
import dev.coffer.support.TestServer;
import dev.coffer.support.TestStore;

import static dev.coffer.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A change that breaks a rule of the store (not a unique key) is a 409 problem with a stable code, never a 500. */
class StoreConflictProblemTest {

	@ParameterizedTest
	@EnumSource(TestStore.class)
	void aBrokenStoreRuleIsA409StoreConflictThatSaysNothingOfTheStatement(TestStore store) {
		Api admin = TestServer.shared(store).admin();
		Api.Response response = admin.post("/api/v1/test-store-rule", null);
		assertProblem(response, 409, "store_conflict");
		assertThat(response.body()).doesNotContainIgnoringCase("policy_revision").doesNotContainIgnoringCase("null value");
	}
}
