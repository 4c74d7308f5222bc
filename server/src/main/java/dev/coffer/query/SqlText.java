package dev.coffer.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Looks at the caller's SQL as text, before and besides the parser: whether anything follows the
 * first statement, the leading keyword, and the literal-free fingerprint the audit log keeps. The
 * scanner skips string literals ({@code '...'} with {@code ''}), quoted identifiers
 * ({@code "..."}, {@code `...`}), dollar quotes ({@code $tag$...$tag$}) and comments
 * ({@code --}, {@code #}, {@code /* *}{@code /}), so a {@code ;} inside them does not count.
 */
final class SqlText {

	/** Leading keywords of statements that write, change the schema, the session or the server. */
	static final Set<String> NOT_READ_ONLY = Set.of("insert", "update", "delete", "merge", "upsert", "replace", "create",
			"alter", "drop", "truncate", "rename", "comment", "grant", "revoke", "call", "exec", "execute", "do", "copy",
			"load", "lock", "unlock", "set", "reset", "vacuum", "analyze", "analyse", "cluster", "reindex", "refresh",
			"discard", "listen", "notify", "prepare", "deallocate", "begin", "start", "commit", "rollback", "savepoint",
			"release", "explain", "show", "use", "handler", "import", "install", "uninstall", "kill", "flush", "purge",
			"optimize", "repair", "checkpoint", "security", "declare", "fetch", "move", "close", "checksum", "backup",
			"restore", "shutdown", "values", "table", "describe", "desc", "help");

	private SqlText() {
	}

	/** Whether anything but blanks and comments follows the first top-level {@code ;}. */
	static boolean hasSeveralStatements(String sql) {
		int end = firstStatementEnd(sql);
		return end >= 0 && !onlyBlanksAndComments(sql, end + 1);
	}

	/**
	 * Whether the text holds a comment, a {@code ;}, a JDBC escape ({@code {fn ...}}, {@code {d ...}},
	 * which the driver rewrites before the database sees it) or an unterminated literal outside
	 * string literals and quoted names: a check of the rewritten statement, which the parser's own
	 * output never makes so; one that did could hide part of the statement from the database.
	 */
	static boolean hasHiddenParts(String sql) {
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"' || c == '`') {
				int j = i + 1;
				boolean closed = false;
				while (j < n) {
					if (sql.charAt(j) == c) {
						if (j + 1 < n && sql.charAt(j + 1) == c) {
							j += 2;
							continue;
						}
						closed = true;
						j++;
						break;
					}
					j++;
				}
				if (!closed) {
					return true;
				}
				i = j;
				continue;
			}
			if (c == ';' || c == '#' || c == '$' || c == '\\' || c == '{' || c == '}'
					|| (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-')
					|| (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')) {
				return true;
			}
			i++;
		}
		return false;
	}

	/**
	 * What MariaDB would read differently from the parser, outside literals and quoted names, or
	 * {@code null}: {@code --} not followed by a blank (MariaDB reads {@code 1--1} as 1 minus -1, the
	 * parser as 1 and a comment) and versioned comments {@code /*!...*}{@code /} and
	 * {@code /*M!...*}{@code /} (MariaDB runs their text, the parser drops it).
	 */
	static String mariaDbAmbiguousComment(String sql) {
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' && i + 2 < n && !Character.isWhitespace(sql.charAt(i + 2))
					&& !Character.isISOControl(sql.charAt(i + 2))) {
				return "'--' not followed by a blank";
			}
			if (c == '/' && i + 2 < n && sql.charAt(i + 1) == '*'
					&& (sql.charAt(i + 2) == '!' || (sql.charAt(i + 2) == 'M' && i + 3 < n && sql.charAt(i + 3) == '!'))) {
				return "a versioned comment (/*! ... */)";
			}
			// literals, quoted names and comments are skipped whole; a '$' is no quote on MariaDB
			i = c == '$' ? i + 1 : skip(sql, i);
		}
		return null;
	}

	/** The index of the first {@code ;} outside literals and comments, or -1. */
	static int firstStatementEnd(String sql) {
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == ';') {
				return i;
			}
			i = skip(sql, i);
		}
		return -1;
	}

	/** The position after the token starting at {@code i}: a whole literal, quoted name or comment, else one character. */
	private static int skip(String sql, int i) {
		int n = sql.length();
		char c = sql.charAt(i);
		if (c == '\'' || c == '"' || c == '`') {
			int j = i + 1;
			while (j < n) {
				if (sql.charAt(j) == c) {
					if (j + 1 < n && sql.charAt(j + 1) == c) {
						j += 2;
						continue;
					}
					return j + 1;
				}
				j++;
			}
			return n;
		}
		if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
			int j = sql.indexOf('\n', i);
			return j < 0 ? n : j + 1;
		}
		if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
			int j = sql.indexOf("*/", i + 2);
			return j < 0 ? n : j + 2;
		}
		if (c == '$') {
			int j = i + 1;
			while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
				j++;
			}
			if (j < n && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
				String tag = sql.substring(i, j + 1);
				int close = sql.indexOf(tag, j + 1);
				return close < 0 ? n : close + tag.length();
			}
		}
		return i + 1;
	}

	private static boolean onlyBlanksAndComments(String sql, int from) {
		int i = from;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == ';') {
				i++;
			}
			else if ((c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') || (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')) {
				i = skip(sql, i);
			}
			else {
				return false;
			}
		}
		return true;
	}

	/** The first keyword of the statement, lower case, after blanks, comments and opening parentheses; "" if none. */
	static String leadingKeyword(String sql) {
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(') {
				i++;
			}
			else if ((c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') || (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')
					|| c == '#') {
				i = skip(sql, i);
			}
			else {
				break;
			}
		}
		int start = i;
		while (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
			i++;
		}
		return sql.substring(start, i).toLowerCase(Locale.ROOT);
	}

	/**
	 * The statement's shape without its values: string literals, dollar-quoted strings and numbers
	 * replaced by {@code ?}, comments dropped, blanks collapsed, lower case; then SHA-256 (hex). Two
	 * queries that differ only in their literals share a fingerprint; no literal can be read back.
	 */
	static String fingerprint(String sql) {
		StringBuilder shape = new StringBuilder(sql.length());
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			int next = skip(sql, i);
			if (c == '\'' || (c == '$' && next > i + 1)) {
				shape.append('?');
			}
			else if (next > i + 1 && (c == '-' || c == '#' || c == '/')) {
				shape.append(' ');
			}
			else if (next > i + 1) {
				shape.append(sql, i, next);
			}
			else if (Character.isDigit(c) && (shape.length() == 0 || !Character.isLetterOrDigit(shape.charAt(shape.length() - 1))
					&& shape.charAt(shape.length() - 1) != '_')) {
				while (next < n && (Character.isLetterOrDigit(sql.charAt(next)) || sql.charAt(next) == '.')) {
					next++;
				}
				shape.append('?');
			}
			else if (Character.isWhitespace(c)) {
				shape.append(' ');
			}
			else {
				shape.append(Character.toLowerCase(c));
			}
			i = next;
		}
		String normalized = shape.toString().replaceAll("\\s+", " ").trim();
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
