package dev.coffer.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;

/**
 * Test scaffolding, never in the production jar (it lives in src/test): a request whose statement
 * breaks a NOT NULL rule of the store, as a change racing another can break a reference or a check.
 * Needs {@code settings:write}.
 */
@Tag(name = "Test store rules", description = "Test class path only: breaks a rule of the store.")
@RestController
class TestStoreRuleController {

	private final JdbcClient jdbc;

	TestStoreRuleController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Operation(summary = "Break a NOT NULL rule of the store (tests only)", description = "Needs `settings:write`.")
	@PostMapping("/api/v1/test-store-rule")
	void breakRule() {
		Authz.require(Permission.SETTINGS_WRITE);
		this.jdbc.sql("INSERT INTO policy_revision (id, revision) VALUES (-1, NULL)").update();
	}
}
