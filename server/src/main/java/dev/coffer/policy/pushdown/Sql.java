package dev.coffer.policy.pushdown;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;

/**
 * Quoting of identifiers and literals for the generated SQL. Every name and value that reaches a
 * statement goes through here: identifiers are always double-quoted with embedded quotes doubled,
 * literals single-quoted with embedded quotes doubled (PostgreSQL: an {@code E''} literal with
 * backslashes doubled whenever one occurs, so {@code standard_conforming_strings} cannot change
 * its meaning; Snowflake, whose literals always treat backslash as an escape: backslashes doubled).
 * A NUL character, which neither database can hold in a name or text, is refused.
 */
final class Sql {

	/** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1); longer names would be cut silently. */
	static final int PG_MAX_IDENTIFIER = 63;

	private static final Pattern SIMPLE = Pattern.compile("[a-z_][a-z0-9_$]*");

	private Sql() {
	}

	static String pgIdent(String name) {
		check(name);
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	static String pgLiteral(String text) {
		check(text);
		String quoted = text.replace("'", "''");
		if (quoted.indexOf('\\') >= 0) {
			return "E'" + quoted.replace("\\", "\\\\") + "'";
		}
		return "'" + quoted + "'";
	}

	/** A name Coffer keeps in lower case (a tag, a role, a schema option) as Snowflake folds it. */
	static String snowflakeFold(String name) {
		check(name);
		return SIMPLE.matcher(name).matches() ? name.toUpperCase(Locale.ROOT) : name;
	}

	/** An identifier as it is (a name read from the database), quoted. */
	static String sfIdent(String name) {
		check(name);
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	static String sfLiteral(String text) {
		check(text);
		return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
	}

	/** Whether a generated PostgreSQL identifier fits without being cut. */
	static boolean fitsPostgres(String name) {
		return name.getBytes(StandardCharsets.UTF_8).length <= PG_MAX_IDENTIFIER;
	}

	private static void check(String text) {
		if (text.indexOf('\0') >= 0) {
			throw new ApiException(ErrorCode.PUSH_DOWN_UNSUPPORTED,
					"A name or value of the policies holds a NUL character, which the database cannot hold");
		}
	}
}
