package dev.coffer.keys;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.coffer.store.DataDirectory;

/**
 * Chooses the root key source: {@code coffer.root-key-source} = {@code file}, {@code env}, or
 * {@code auto} (the default: {@code env} when {@code COFFER_ROOT_KEY} is set, else {@code file}).
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

	@Bean
	RootKeySource rootKeySource(@Value("${coffer.root-key-source:auto}") String source, Environment environment,
			DataDirectory dataDirectory) {
		String fromEnv = environment.getProperty(EnvRootKeySource.VARIABLE);
		return switch (source) {
			case "env" -> new EnvRootKeySource(fromEnv);
			case "file" -> new FileRootKeySource(dataDirectory);
			case "auto" -> (fromEnv != null && !fromEnv.isBlank()) ? new EnvRootKeySource(fromEnv)
					: new FileRootKeySource(dataDirectory);
			default -> throw new IllegalStateException(
					"coffer.root-key-source must be one of auto, file, env; was '" + source + "'");
		};
	}

	@Bean
	RootKey rootKey(RootKeySource source) {
		byte[] material = source.load();
		try {
			RootKey key = RootKey.of(material, source.name());
			log.info("Root key loaded from source '{}'", source.name());
			return key;
		}
		finally {
			Arrays.fill(material, (byte) 0);
		}
	}
}
