package dev.coffer.tokenization;

import java.security.SecureRandom;

/** A built-in token format: which values it accepts and how it draws a token for one. */
interface TokenFormat {

	/** The format's name in the API, e.g. {@code card}. */
	String name();

	/**
	 * Why {@code value} does not fit this format, or {@code null} when it does. The reason names
	 * the format and its shape, never the value.
	 */
	String reject(String value);

	/** A fresh random token for an accepted value; never the value itself. */
	String draw(String value, SecureRandom random);
}
