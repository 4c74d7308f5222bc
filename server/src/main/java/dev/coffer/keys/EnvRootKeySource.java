package dev.coffer.keys;

/** Root key from the {@code COFFER_ROOT_KEY} environment variable: base64 of 32 random bytes. */
final class EnvRootKeySource implements RootKeySource {

	static final String VARIABLE = "COFFER_ROOT_KEY";

	private final String base64;

	EnvRootKeySource(String base64) {
		this.base64 = base64;
	}

	@Override
	public String name() {
		return "env";
	}

	@Override
	public byte[] load() {
		if (this.base64 == null || this.base64.isBlank()) {
			throw new IllegalStateException(VARIABLE + " is not set (coffer.root-key-source=env)");
		}
		return RootKey.decodeBase64Key(this.base64.trim(), VARIABLE);
	}

	@Override
	public String toString() {
		return "EnvRootKeySource[redacted]";
	}
}
