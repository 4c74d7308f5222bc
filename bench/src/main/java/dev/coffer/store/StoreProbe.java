package dev.coffer.store;

/**
 * The benchmark's view of the server's embedded store settings ({@link StoreConfiguration} is package-private):
 * lives in the bench module under the server's package name and changes nothing in the server.
 */
public final class StoreProbe {

	private StoreProbe() {
	}

	/** The JDBC URL options the server opens its embedded H2 store with. */
	public static String embeddedOptions() {
		return StoreConfiguration.EMBEDDED_OPTIONS;
	}
}
