package dev.coffer.identity;

import dev.coffer.api.Times;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.Ids;
import dev.coffer.audit.AuditLog;
import dev.coffer.audit.AuditRecord;
import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.paging.ListResponse;
import dev.coffer.api.paging.Pages;
import dev.coffer.api.paging.Paging;
import dev.coffer.api.security.DataRoles;
import dev.coffer.api.security.Role;
import dev.coffer.settings.SettingKey;
import dev.coffer.settings.Settings;

/**
 * Issues, rotates and retires API keys. A secret exists in clear only in the response that issues
 * it; the store keeps its keyed hash.
 */
@Service
class ApiKeyService {

	private final ApiKeyStore keys;

	private final PrincipalStore principals;

	private final SecretHasher hasher;

	private final Settings settings;

	private final TransactionTemplate transactions;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	ApiKeyService(ApiKeyStore keys, PrincipalStore principals, SecretHasher hasher, Settings settings,
			TransactionTemplate transactions, AuditLog audit, ApplicationEventPublisher events) {
		this.audit = audit;
		this.events = events;
		this.keys = keys;
		this.principals = principals;
		this.hasher = hasher;
		this.settings = settings;
		this.transactions = transactions;
	}

	/** Issues a key with a generated secret (or {@code presetSecret}, for bootstrap). */
	IssuedApiKey create(String principalId, String name, String description, List<String> roleNames,
			List<String> dataRoleNames, OffsetDateTime expiresAt, String presetSecret) {
		OffsetDateTime now = Times.now();
		List<String> roles = validRoles(roleNames);
		List<String> dataRoles = validDataRoles(dataRoleNames);
		checkExpiry(expiresAt, now);
		PrincipalView principal = this.principals.findById(principalId)
			.orElseThrow(() -> ValidationFailedException.of("principal_id", "not_found", "names no principal"));
		String keyName = name != null ? name : ApiKeyCodec.newName(principal.name());
		if (!ApiKeyCodec.validName(keyName)) {
			throw ValidationFailedException.of("name", "invalid_format",
					"must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		String secret = presetSecret != null ? presetSecret : ApiKeyCodec.newSecret();
		String id = Ids.next();
		try {
			ApiKeyView created = this.transactions.execute(status -> {
				this.keys.insert(id, principalId, keyName, description, roles, dataRoles, expiresAt, now);
				this.keys.insertSecret(id, this.hasher.hash(secret), now);
				this.audit.record(AuditRecord.sensitive("api_key.created", "api_key", id, AuditRecord.Outcome.SUCCESS)
					.with("name", keyName)
					.with("principal_id", principalId)
					.with("roles", roles)
					.with("data_roles", dataRoles.isEmpty() ? null : dataRoles)
					.with("expires_at", expiresAt == null ? null : expiresAt.toString()));
				ApiKeyView view = get(id);
				this.events.publishEvent(ApiKeyEvent.of("api_key.created", view));
				return view;
			});
			return new IssuedApiKey(created, secret);
		}
		catch (DuplicateKeyException taken) {
			throw new ApiException(ErrorCode.NAME_TAKEN, "An API key named '" + keyName + "' already exists");
		}
	}

	ApiKeyView get(String id) {
		return this.keys.find(id).orElseThrow(() -> ApiException.notFound("API key", id));
	}

	ListResponse<ApiKeyView> list(String principalId, Paging paging, HttpServletResponse response) {
		return Pages.of(paging, () -> this.keys.list(principalId, paging), ApiKeyView::id,
				() -> this.keys.count(principalId), response);
	}

	ApiKeyView setStatus(String id, String status) {
		ApiKeyView current = get(id);
		if (ApiKeyStore.REVOKED.equals(current.status())) {
			throw new ApiException(ErrorCode.CONFLICT, "API key '" + id + "' is revoked; revocation is final");
		}
		return this.transactions.execute(tx -> {
			if (!this.keys.setStatus(id, status, Times.now())) {
				throw new ApiException(ErrorCode.CONFLICT, "API key '" + id + "' is revoked; revocation is final");
			}
			String action = switch (status) {
				case ApiKeyStore.REVOKED -> "api_key.revoked";
				case ApiKeyStore.DISABLED -> "api_key.disabled";
				default -> "api_key.enabled";
			};
			this.audit.record(AuditRecord.sensitive(action, "api_key", id, AuditRecord.Outcome.SUCCESS)
				.with("name", current.name()));
			ApiKeyView updated = get(id);
			if (ApiKeyStore.REVOKED.equals(status)) {
				this.events.publishEvent(ApiKeyEvent.of("api_key.revoked", updated));
			}
			return updated;
		});
	}

	void delete(String id) {
		this.transactions.executeWithoutResult(tx -> {
			ApiKeyView current = get(id);
			if (!this.keys.delete(id)) {
				throw ApiException.notFound("API key", id);
			}
			this.audit.record(AuditRecord.sensitive("api_key.deleted", "api_key", id, AuditRecord.Outcome.SUCCESS)
				.with("name", current.name()));
		});
	}

	/**
	 * Gives the key a new secret. The previous secrets keep working for {@code overlap} (the
	 * setting's default when {@code null}), then stop; an overlap of zero ends them at once.
	 */
	IssuedApiKey rotate(String id, Duration overlap) {
		ApiKeyView current = get(id);
		if (ApiKeyStore.REVOKED.equals(current.status())) {
			throw new ApiException(ErrorCode.CONFLICT, "API key '" + id + "' is revoked and cannot be rotated");
		}
		Duration effective = overlap != null ? overlap
				: Duration.ofSeconds(this.settings.getLong(SettingKey.API_KEYS_DEFAULT_ROTATION_OVERLAP_SECONDS));
		OffsetDateTime now = Times.now();
		String secret = ApiKeyCodec.newSecret();
		this.transactions.executeWithoutResult(status -> {
			if (!this.keys.lock(id)) {
				throw ApiException.notFound("API key", id);
			}
			this.keys.retireSecrets(id, now.plus(effective), now);
			this.keys.insertSecret(id, this.hasher.hash(secret), now);
			this.audit.record(AuditRecord.sensitive("api_key.rotated", "api_key", id, AuditRecord.Outcome.SUCCESS)
				.with("name", current.name())
				.with("overlap_seconds", effective.toSeconds()));
		});
		return new IssuedApiKey(get(id), secret);
	}

	/** Replaces the key's data roles; they count from the key's next request on, on every node. */
	ApiKeyView setDataRoles(String id, List<String> dataRoleNames) {
		if (dataRoleNames == null) {
			throw ValidationFailedException.of("data_roles", "required", "is required (an empty list removes them all)");
		}
		List<String> dataRoles = validDataRoles(dataRoleNames);
		ApiKeyView current = get(id);
		return this.transactions.execute(tx -> {
			if (!this.keys.setDataRoles(id, dataRoles, Times.now())) {
				throw ApiException.notFound("API key", id);
			}
			this.audit.record(AuditRecord.sensitive("api_key.data_roles_changed", "api_key", id, AuditRecord.Outcome.SUCCESS)
				.with("name", current.name())
				.with("previous", current.dataRoles())
				.with("data_roles", dataRoles));
			return get(id);
		});
	}

	/** Valid, lower-cased, distinct data role names (none when absent). */
	static List<String> validDataRoles(List<String> names) {
		if (names == null || names.isEmpty()) {
			return List.of();
		}
		if (names.size() > DataRoles.MAX_PER_KEY) {
			throw ValidationFailedException.of("data_roles", "too_many", "must name at most " + DataRoles.MAX_PER_KEY + " roles");
		}
		Set<String> roles = new LinkedHashSet<>();
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String role = DataRoles.normalize(names.get(i));
			if (role == null) {
				errors.add(new ValidationFailedException.FieldError("data_roles[" + i + "]", "invalid_format",
						"must be 1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"));
			}
			else if (DataRoles.reserved(role)) {
				errors.add(new ValidationFailedException.FieldError("data_roles[" + i + "]", "reserved_role",
						"is a platform role name; give the platform role in 'roles' instead"));
			}
			else {
				roles.add(role);
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return List.copyOf(roles);
	}

	private List<String> validRoles(List<String> roleNames) {
		if (roleNames == null || roleNames.isEmpty()) {
			throw ValidationFailedException.of("roles", "required", "must name at least one role");
		}
		Set<String> roles = new LinkedHashSet<>();
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		for (int i = 0; i < roleNames.size(); i++) {
			String roleName = roleNames.get(i);
			if (roleName == null || Role.fromValue(roleName).isEmpty()) {
				errors.add(new ValidationFailedException.FieldError("roles[" + i + "]", "unknown_role",
						"is not a role; GET /api/v1/roles lists them"));
			}
			else {
				roles.add(roleName);
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return List.copyOf(roles);
	}

	private void checkExpiry(OffsetDateTime expiresAt, OffsetDateTime now) {
		if (expiresAt != null && expiresAt.getYear() > 9999) {
			throw ValidationFailedException.of("expires_at", "out_of_range", "must be before year 10000");
		}
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw ValidationFailedException.of("expires_at", "must_be_in_future", "must be in the future");
		}
		if (expiresAt == null && this.settings.getBoolean(SettingKey.API_KEYS_REQUIRE_EXPIRY)) {
			throw ValidationFailedException.of("expires_at", "required",
					"is required by the setting api_keys.require_expiry");
		}
		long maxDays = this.settings.getLong(SettingKey.API_KEYS_MAX_LIFETIME_DAYS);
		if (maxDays > 0 && (expiresAt == null || expiresAt.isAfter(now.plusDays(maxDays)))) {
			throw ValidationFailedException.of("expires_at", "out_of_range",
					"must be at most " + maxDays + " days ahead (setting api_keys.max_lifetime_days)");
		}
	}
}
