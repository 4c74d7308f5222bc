package dev.coffer.keys;

/**
 * Where the root key (the key-encryption key over every secret at rest) comes from. Deployments
 * choose one with {@code coffer.root-key-source}: {@code file} (the default, generated on first
 * start), {@code env} ({@code COFFER_ROOT_KEY}, base64 of 32 bytes). A KMS source plugs in here.
 */
public interface RootKeySource {

	/** A short name for logs: never the key itself. */
	String name();

	/** Loads (or on first use creates) the 32 key bytes. The caller wipes the array after use. */
	byte[] load();
}
