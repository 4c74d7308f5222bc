package dev.coffer.identity;

import dev.coffer.api.Times;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.error.SafeLog;
import dev.coffer.api.security.Role;
import dev.coffer.store.DataDirectory;

/**
 * First start on an empty store: creates the service account {@code bootstrap-admin} with an
 * {@code admin} key and writes {@code DATA_DIR/bootstrap-credentials.json} (mode 0600) as
 * {@code {"key_name", "key_secret", "bearer_token"}}. {@code COFFER_BOOTSTRAP_KEY_NAME} and
 * {@code COFFER_BOOTSTRAP_KEY_SECRET} preset the key for automated installs. Runs once per store,
 * whichever node starts first: a row in {@code store_meta} decides. Logs the path, never the secret.
 */
@Component
class Bootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

	static final String CREDENTIALS_FILE = "bootstrap-credentials.json";

	static final String ACCOUNT_NAME = "bootstrap-admin";

	private static final String META_NAME = "bootstrapped_at";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final PrincipalService principals;

	private final ApiKeyService keys;

	private final DataDirectory dataDirectory;

	private final JsonMapper json;

	private final Environment environment;

	Bootstrap(JdbcClient jdbc, TransactionTemplate transactions, PrincipalService principals, ApiKeyService keys,
			DataDirectory dataDirectory, JsonMapper json, Environment environment) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.principals = principals;
		this.keys = keys;
		this.dataDirectory = dataDirectory;
		this.json = json;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (alreadyBootstrapped()) {
			return;
		}
		String presetName = this.environment.getProperty("COFFER_BOOTSTRAP_KEY_NAME");
		String presetSecret = this.environment.getProperty("COFFER_BOOTSTRAP_KEY_SECRET");
		checkPreset(presetName, presetSecret);
		IssuedApiKey issued;
		try {
			issued = this.transactions.execute(status -> {
				this.jdbc.sql("INSERT INTO store_meta (name, meta_value, created_at) VALUES (:name, :value, :now)")
					.param("name", META_NAME)
					.param("value", Times.now().toString())
					.param("now", Times.now())
					.update();
				PrincipalView account = this.principals.create(PrincipalKind.SERVICE_ACCOUNT, ACCOUNT_NAME, null, null,
						"Created at first start. Issue personal keys, then disable this account.");
				IssuedApiKey key = this.keys.create(account.id(),
						presetName != null ? presetName : ApiKeyCodec.newName("admin"), "Bootstrap administrator key",
						List.of(Role.ADMIN.value()), List.of(), null, presetSecret);
				// before the commit: a crash between commit and file would leave a store nobody can administer
				writeCredentials(key);
				return key;
			});
		}
		catch (DuplicateKeyException anotherNodeWon) {
			log.info("Bootstrap: another node initialised this store");
			return;
		}
		catch (RuntimeException failed) {
			// the commit failed after the file was written: its key does not exist
			deleteCredentials();
			throw failed;
		}
		Path file = this.dataDirectory.resolve(CREDENTIALS_FILE);
		log.warn("Bootstrap: created service account '{}' with admin API key '{}'; its credentials are in {} (mode 0600). "
				+ "Move them to a secret manager and delete the file.", ACCOUNT_NAME, issued.getKeyName(), file);
	}

	private void writeCredentials(IssuedApiKey issued) {
		Map<String, String> credentials = new LinkedHashMap<>();
		credentials.put("key_name", issued.getKeyName());
		credentials.put("key_secret", issued.getKeySecret());
		credentials.put("bearer_token", issued.getBearerToken());
		this.dataDirectory.writeOwnerOnly(CREDENTIALS_FILE,
				this.json.writeValueAsString(credentials).getBytes(StandardCharsets.UTF_8));
	}

	private void deleteCredentials() {
		try {
			java.nio.file.Files.deleteIfExists(this.dataDirectory.resolve(CREDENTIALS_FILE));
		}
		catch (java.io.IOException ex) {
			log.warn("Bootstrap: could not delete {} after a failed bootstrap: {}", CREDENTIALS_FILE, SafeLog.describe(ex));
		}
	}

	private boolean alreadyBootstrapped() {
		return this.jdbc.sql("SELECT count(*) FROM store_meta WHERE name = :name")
			.param("name", META_NAME)
			.query(Long.class)
			.single() > 0;
	}

	private static void checkPreset(String name, String secret) {
		if ((name == null) != (secret == null)) {
			throw new IllegalStateException(
					"Set both COFFER_BOOTSTRAP_KEY_NAME and COFFER_BOOTSTRAP_KEY_SECRET, or neither");
		}
		if (name != null && !ApiKeyCodec.validName(name)) {
			throw new IllegalStateException("COFFER_BOOTSTRAP_KEY_NAME must be 1 to 128 letters, digits, '.', '_' or '-'");
		}
		if (secret != null && !ApiKeyCodec.validSecret(secret)) {
			throw new IllegalStateException(
					"COFFER_BOOTSTRAP_KEY_SECRET must be 16 to 256 printable ASCII characters without spaces");
		}
	}
}
