package dev.coffer.policy.pushdown;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A generated script: its statements in order, the whole text (statements ended by {@code ;} and a
 * blank line), its fingerprint (lowercase hex SHA-256 of the text) and notes on what the database
 * cannot do as Coffer does.
 */
record Script(List<String> statements, String text, String fingerprint, List<String> notes, int tables) {

	static Script of(List<String> statements, List<String> notes, int tables) {
		StringBuilder text = new StringBuilder();
		for (String statement : statements) {
			text.append(statement).append(";\n\n");
		}
		return new Script(List.copyOf(statements), text.toString(), sha256(text.toString()), List.copyOf(notes), tables);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

	@Override
	public String toString() {
		return "Script[" + this.statements.size() + " statements, " + this.fingerprint + "]";
	}
}
