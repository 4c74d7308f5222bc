package dev.coffer.api.security;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of data roles: free-form roles such as {@code analyst} or {@code hr-emea} that API keys
 * and OIDC users carry besides their platform {@link Role}s, and that masking and row policies
 * name. A name is 1 to 64 characters of letters, digits, {@code _ . : -}, starting with a letter
 * or digit; names are case-insensitive and kept in lower case. Platform role names are reserved
 * (every key already carries its platform roles as policy roles), and so is {@code *}.
 */
public final class DataRoles {

	/** Data roles one API key may carry. */
	public static final int MAX_PER_KEY = 32;

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

	private DataRoles() {
	}

	/** The name in lower case, or {@code null} when it is not a valid role name. */
	public static String normalize(String name) {
		if (name == null || name.length() > 64) {
			return null;
		}
		String lower = name.toLowerCase(Locale.ROOT);
		return NAME.matcher(lower).matches() ? lower : null;
	}

	/** Whether {@code name} (normalized) is a platform role name, which a data role may not take. */
	public static boolean reserved(String name) {
		return Role.fromValue(name).isPresent();
	}
}
