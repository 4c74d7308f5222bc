package dev.coffer.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootKeyTest {

	private static final byte[] AD = "table/row/purpose".getBytes(StandardCharsets.UTF_8);

	private final RootKey key = RootKey.of(random(32), "test");

	@Test
	void encryptThenDecryptReturnsThePlaintext() {
		byte[] plaintext = "a secret worth keeping".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = this.key.encrypt(plaintext, AD);
		assertThat(sealed[0]).isEqualTo((byte) 0x01);
		assertThat(sealed).hasSize(1 + 12 + plaintext.length + 16);
		assertThat(this.key.decrypt(sealed, AD)).isEqualTo(plaintext);
	}

	@Test
	void encryptingTwiceGivesDifferentCiphertexts() {
		byte[] plaintext = "same".getBytes(StandardCharsets.UTF_8);
		assertThat(this.key.encrypt(plaintext, AD)).isNotEqualTo(this.key.encrypt(plaintext, AD));
	}

	@Test
	void decryptWhenAnyByteIsAlteredThenDecryptionFails() {
		byte[] sealed = this.key.encrypt("value".getBytes(StandardCharsets.UTF_8), AD);
		for (int i = 0; i < sealed.length; i++) {
			byte[] altered = sealed.clone();
			altered[i] ^= 0x01;
			assertThatThrownBy(() -> this.key.decrypt(altered, AD)).isInstanceOf(DecryptionFailedException.class)
				.hasMessage("decryption failed");
		}
	}

	@Test
	void decryptWhenTruncatedThenDecryptionFails() {
		byte[] sealed = this.key.encrypt("value".getBytes(StandardCharsets.UTF_8), AD);
		for (int length = 0; length < sealed.length; length++) {
			byte[] truncated = Arrays.copyOf(sealed, length);
			assertThatThrownBy(() -> this.key.decrypt(truncated, AD)).isInstanceOf(DecryptionFailedException.class);
		}
		assertThatThrownBy(() -> this.key.decrypt(null, AD)).isInstanceOf(DecryptionFailedException.class);
	}

	@Test
	void decryptWithOtherAssociatedDataThenDecryptionFails() {
		byte[] sealed = this.key.encrypt("value".getBytes(StandardCharsets.UTF_8), AD);
		assertThatThrownBy(() -> this.key.decrypt(sealed, "table/other-row/purpose".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(DecryptionFailedException.class);
	}

	@Test
	void decryptUnderAnotherRootKeyThenDecryptionFails() {
		byte[] sealed = this.key.encrypt("value".getBytes(StandardCharsets.UTF_8), AD);
		RootKey other = RootKey.of(random(32), "other");
		assertThatThrownBy(() -> other.decrypt(sealed, AD)).isInstanceOf(DecryptionFailedException.class);
	}

	@Test
	void derivedKeysAreStablePerPurposeAndDistinctAcrossPurposes() {
		byte[] material = random(32);
		RootKey a = RootKey.of(material, "a");
		RootKey b = RootKey.of(material, "b");
		assertThat(a.deriveKey("hash v1", 32)).isEqualTo(b.deriveKey("hash v1", 32));
		assertThat(a.deriveKey("hash v1", 32)).isNotEqualTo(a.deriveKey("hash v2", 32));
		assertThat(a.deriveKey("hash v1", 32)).isNotEqualTo(material);
	}

	@Test
	void toStringRedactsTheKey() {
		byte[] material = random(32);
		RootKey rootKey = RootKey.of(material, "env");
		assertThat(rootKey.toString()).contains("redacted").doesNotContain(Base64.getEncoder().encodeToString(material));
		assertThat(new EnvRootKeySource(Base64.getEncoder().encodeToString(material)).toString())
			.doesNotContain(Base64.getEncoder().encodeToString(material));
	}

	@Test
	void keysOfTheWrongLengthAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RootKey.of(random(16), "short"));
		assertThatIllegalStateException()
			.isThrownBy(() -> new EnvRootKeySource(Base64.getEncoder().encodeToString(random(31))).load())
			.withMessageContaining("32 bytes");
		assertThatIllegalStateException().isThrownBy(() -> new EnvRootKeySource("not base64!").load())
			.withMessageNotContaining("not base64!");
	}

	private static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}
}
