package dev.coffer.identity;

import java.util.Locale;

/** The kinds of principal kept in the store. OIDC users are principals of their issuer, not stored. */
enum PrincipalKind {

	ADMINISTRATOR, SERVICE_ACCOUNT;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static PrincipalKind fromValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}
}
