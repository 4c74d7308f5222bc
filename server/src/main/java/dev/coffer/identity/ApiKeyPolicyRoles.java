package dev.coffer.identity;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import dev.coffer.api.Times;

/** {@link PrincipalPolicyRoles} from the principal's API keys. */
@Component
class ApiKeyPolicyRoles implements PrincipalPolicyRoles {

	private final ApiKeyStore keys;

	ApiKeyPolicyRoles(ApiKeyStore keys) {
		this.keys = keys;
	}

	@Override
	public Optional<SortedSet<String>> of(String principalId) {
		if (principalId == null || principalId.length() > 36) {
			return Optional.empty();
		}
		return this.keys.rolesOfPrincipal(principalId, Times.now()).map(rows -> {
			SortedSet<String> roles = new TreeSet<>();
			for (String[] row : rows) {
				roles.addAll(ApiKeyStore.roles(row[0]));
				roles.addAll(ApiKeyStore.roles(row[1]));
			}
			return roles;
		});
	}
}
