package dev.coffer.keys;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;
import dev.coffer.jobs.JobView;
import dev.coffer.jobs.Jobs;

/** {@code /api/v1/keyrings}: the versions of each keyring and their lifecycle. */
@Tag(name = "Keyrings")
@RestController
@RequestMapping("/api/v1/keyrings")
class KeyringsController {

	/** The job that re-encrypts a keyring's data under its newest version. */
	static final String REWRAP_JOB = "keyring.rewrap";

	private static final List<String> KEYRINGS = List.of(Keyrings.TOKENS);

	private final KeyringLifecycle lifecycle;

	private final Jobs jobs;

	KeyringsController(KeyringLifecycle lifecycle, Jobs jobs) {
		this.lifecycle = lifecycle;
		this.jobs = jobs;
	}

	@Operation(summary = "List keyrings", description = "Every keyring with its primary (active) version. Needs `keyrings:read`.")
	@GetMapping
	ListResponse<KeyringView> list() {
		Authz.require(Permission.KEYRINGS_READ);
		return new ListResponse<>(KEYRINGS.stream().map(this::view).toList(), false, null, null, null, null);
	}

	@Operation(summary = "Show a keyring", description = "The keyring's versions, newest first, with status, creation time "
			+ "and encryption count. Needs `keyrings:read`.")
	@GetMapping("/{name}")
	KeyringView show(@Parameter(description = "Keyring name, e.g. `tokens`.") @PathVariable String name) {
		Authz.require(Permission.KEYRINGS_READ);
		return view(known(name));
	}

	@Operation(summary = "Rotate a keyring",
			description = "Creates a new version that encrypts from now on; the previous active version becomes "
					+ "`decrypt_only` (its data still decrypts). Audited as `keyring.rotated`, announced as webhook "
					+ "event `key.rotated`. Needs `keyrings:write`.")
	@PostMapping("/{name}/rotate")
	KeyringView rotate(@Parameter(description = "Keyring name.") @PathVariable String name) {
		Authz.require(Permission.KEYRINGS_WRITE);
		this.lifecycle.rotate(known(name));
		return view(name);
	}

	@Operation(summary = "Disable a key version",
			description = "A disabled version refuses decryption (detokenize answers `key_disabled` per item) until it is "
					+ "enabled again. The active version cannot be disabled (409 `conflict`). Needs `keyrings:write`.")
	@PostMapping("/{name}/versions/{version}/disable")
	KeyVersionView disable(@Parameter(description = "Keyring name.") @PathVariable String name,
			@Parameter(description = "Version number.") @PathVariable int version) {
		Authz.require(Permission.KEYRINGS_WRITE);
		return KeyVersionView.of(this.lifecycle.disable(known(name), version));
	}

	@Operation(summary = "Enable a key version", description = "A disabled version decrypts again (`decrypt_only`). "
			+ "A destroyed version cannot be enabled (409 `conflict`). Needs `keyrings:write`.")
	@PostMapping("/{name}/versions/{version}/enable")
	KeyVersionView enable(@Parameter(description = "Keyring name.") @PathVariable String name,
			@Parameter(description = "Version number.") @PathVariable int version) {
		Authz.require(Permission.KEYRINGS_WRITE);
		return KeyVersionView.of(this.lifecycle.enable(known(name), version));
	}

	@Operation(summary = "Destroy a key version",
			description = "Deletes the version's key material (crypto-shredding); irreversible. Data encrypted under it "
					+ "can never be decrypted again (detokenize answers `key_destroyed` per item); rewrap first to keep it. "
					+ "The active version cannot be destroyed (409 `conflict`). Audited as `keyring.version_destroyed`. "
					+ "Needs `keyrings:write`.")
	@PostMapping("/{name}/versions/{version}/destroy")
	KeyVersionView destroy(@Parameter(description = "Keyring name.") @PathVariable String name,
			@Parameter(description = "Version number.") @PathVariable int version) {
		Authz.require(Permission.KEYRINGS_WRITE);
		return KeyVersionView.of(this.lifecycle.destroy(known(name), version));
	}

	@Operation(summary = "Rewrap a keyring's data",
			description = "Starts a `keyring.rewrap` job that re-encrypts every value held under an older version with the "
					+ "newest version, in batches; values of disabled or destroyed versions are skipped and counted. "
					+ "Answers 202 with `Location: /api/v1/jobs/{id}` and the job; its result holds `rewrapped`, "
					+ "`skipped_disabled` and `skipped_destroyed`. Needs `keyrings:write`.",
			responses = @ApiResponse(responseCode = "202", description = "The job was queued."))
	@PostMapping("/{name}/rewrap")
	ResponseEntity<JobView> rewrap(@Parameter(description = "Keyring name.") @PathVariable String name) {
		Caller caller = Authz.require(Permission.KEYRINGS_WRITE);
		JobView job = this.jobs.submit(REWRAP_JOB, Map.of("keyring", known(name)), null, caller);
		return Jobs.accepted(job);
	}

	private KeyringView view(String name) {
		List<KeyVersionView> versions = this.lifecycle.versions(name).stream().map(KeyVersionView::of).toList();
		Integer primary = versions.stream()
			.filter(version -> "active".equals(version.status()))
			.map(KeyVersionView::version)
			.findFirst()
			.orElse(null);
		return new KeyringView(name, primary, versions);
	}

	private static String known(String name) {
		if (!KEYRINGS.contains(name)) {
			throw ApiException.notFound("Keyring", name);
		}
		return name;
	}

	/** A keyring and its versions. */
	record KeyringView(
			@Schema(description = "Keyring name.", example = "tokens") String name,
			@Schema(description = "The active version, which encrypts new data.", example = "2") Integer primaryVersion,
			@Schema(description = "Every version, newest first.") List<KeyVersionView> versions) {
	}

	/** One version of a keyring; never its key material. */
	record KeyVersionView(
			@Schema(description = "Version number, from 1.", example = "1") int version,
			@Schema(description = "`active` (encrypts), `decrypt_only`, `disabled` (refuses decryption) or `destroyed` "
					+ "(key material deleted).", example = "decrypt_only") String status,
			@Schema(description = "When the version was created.") OffsetDateTime createdAt,
			@Schema(description = "Values encrypted under this version so far.", example = "1200") long encryptions,
			@Schema(description = "When the status last changed; absent if never.") OffsetDateTime statusChangedAt) {

		static KeyVersionView of(KeyVersion version) {
			return new KeyVersionView(version.version(), KeyringLifecycle.status(version.status()), version.createdAt(),
					version.encryptions(), version.statusChangedAt());
		}
	}
}
