package dev.coffer.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.coffer.store.DataDirectory;

/**
 * Root key kept in {@code DATA_DIR/root.key} (base64, mode 0600), generated on first start. Fine
 * for a trial or a single machine; production should keep the key off the data disk.
 */
final class FileRootKeySource implements RootKeySource {

	private static final Logger log = LoggerFactory.getLogger(FileRootKeySource.class);

	static final String FILE_NAME = "root.key";

	private final DataDirectory dataDirectory;

	FileRootKeySource(DataDirectory dataDirectory) {
		this.dataDirectory = dataDirectory;
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public byte[] load() {
		Path file = this.dataDirectory.resolve(FILE_NAME);
		if (!Files.exists(file)) {
			byte[] key = new byte[RootKey.KEY_LENGTH];
			new SecureRandom().nextBytes(key);
			this.dataDirectory.writeOwnerOnly(FILE_NAME,
					Base64.getEncoder().encode(key));
			log.warn("Generated a new root key at {} (mode 0600). Production deployments should supply the root key "
					+ "through COFFER_ROOT_KEY (base64, with coffer.root-key-source=env) or a KMS, not a file next to the data.",
					file);
			return key;
		}
		try {
			String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
			return RootKey.decodeBase64Key(text, file.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read root key file " + file, ex);
		}
	}
}
