package dev.coffer.identity;

import dev.coffer.api.Times;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Role;

/**
 * Checks an API key name and secret against the store on every request (no cache: a key disabled,
 * revoked, deleted or rotated out on any node is refused on the next request everywhere). Unknown
 * names cost the same HMAC as known ones. Problems name the key's state only once the secret has
 * been proven, so a guesser learns nothing.
 */
@Component
class ApiKeyAuthenticator {

	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final ApiKeyStore store;

	private final SecretHasher hasher;

	private final AuthFailureLimiter failures;

	private final Cache<String, Boolean> recentlyTouched = Caffeine.newBuilder()
		.expireAfterWrite(LAST_USED_RESOLUTION)
		.maximumSize(100_000)
		.build();

	ApiKeyAuthenticator(ApiKeyStore store, SecretHasher hasher, AuthFailureLimiter failures) {
		this.store = store;
		this.hasher = hasher;
		this.failures = failures;
	}

	Caller authenticate(ApiKeyCodec.Credentials credentials, String method, String address) {
		this.failures.checkAllowed(address, null);
		try {
			if (!ApiKeyCodec.validName(credentials.name())) {
				throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid API key name or secret");
			}
			return verify(credentials, method);
		}
		catch (ApiException ex) {
			// the per-name bucket only turns further *wrong* attempts into 429s: the holder of the right
			// secret is never locked out by someone who merely knows the key name
			this.failures.checkAllowed(address, credentials.name());
			this.failures.recordFailure(address, credentials.name());
			throw ex;
		}
	}

	private Caller verify(ApiKeyCodec.Credentials credentials, String method) {
		String presented = this.hasher.hash(credentials.secret());
		Optional<ApiKeyStore.AuthRecord> found = this.store.findForAuthentication(credentials.name());
		OffsetDateTime now = Times.now();
		List<String> live = found.map(record -> record.secrets()
			.stream()
			.filter(secret -> secret.expiresAt() == null || secret.expiresAt().isAfter(now))
			.map(ApiKeyStore.SecretRecord::hash)
			.toList()).orElse(List.of());
		if (found.isEmpty() || !SecretHasher.matchesAny(presented, live)) {
			throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Invalid API key name or secret");
		}
		ApiKeyStore.AuthRecord key = found.get();
		if (ApiKeyStore.REVOKED.equals(key.status())) {
			throw new ApiException(ErrorCode.API_KEY_REVOKED, "This API key has been revoked");
		}
		if (!ApiKeyStore.ACTIVE.equals(key.status())) {
			throw new ApiException(ErrorCode.API_KEY_DISABLED, "This API key is disabled");
		}
		if (!PrincipalService.ACTIVE.equals(key.principalStatus())) {
			throw new ApiException(ErrorCode.API_KEY_DISABLED, "The principal of this API key is disabled");
		}
		if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
			throw new ApiException(ErrorCode.API_KEY_EXPIRED, "This API key expired");
		}
		if (this.recentlyTouched.asMap().putIfAbsent(key.keyId(), Boolean.TRUE) == null) {
			this.store.touch(key.keyId(), now);
		}
		Set<Role> roles = key.roles()
			.stream()
			.map(Role::fromValue)
			.flatMap(Optional::stream)
			.collect(Collectors.toSet());
		return new Caller(key.principalId(), key.principalKind(), key.principalName(), credentials.name(), roles,
				method, Set.copyOf(key.dataRoles()));
	}
}
