package dev.coffer.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data key ciphertexts: version first, bound to their associated data, every alteration refused. */
class DataKeyTest {

	private static final byte[] AD = "vault/card/tok/3".getBytes(StandardCharsets.UTF_8);

	private final DataKey key = DataKey.of("tokens", 3, filled((byte) 7));

	@Test
	void ciphertextStartsWithTheVersionAndOpensWithTheSameAssociatedData() {
		byte[] sealed = this.key.encrypt("4111".getBytes(StandardCharsets.UTF_8), AD);
		assertThat(Arrays.copyOf(sealed, 4)).containsExactly(0, 0, 0, 3);
		assertThat(sealed).hasSize(4 + 12 + 4 + 16);
		assertThat(new String(this.key.decrypt(sealed, AD), StandardCharsets.UTF_8)).isEqualTo("4111");
	}

	@Test
	void alteredTruncatedOrRelocatedCiphertextIsRefused() {
		byte[] sealed = this.key.encrypt("4111".getBytes(StandardCharsets.UTF_8), AD);
		for (int i = 0; i < sealed.length; i++) {
			byte[] altered = sealed.clone();
			altered[i] ^= 0x01;
			assertThatThrownBy(() -> this.key.decrypt(altered, AD)).isInstanceOf(DecryptionFailedException.class);
		}
		assertThatThrownBy(() -> this.key.decrypt(Arrays.copyOf(sealed, sealed.length - 1), AD))
			.isInstanceOf(DecryptionFailedException.class);
		assertThatThrownBy(() -> this.key.decrypt(Arrays.copyOf(sealed, 31), AD))
			.isInstanceOf(DecryptionFailedException.class);
		assertThatThrownBy(() -> this.key.decrypt(sealed, "vault/card/other/3".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(DecryptionFailedException.class);
		assertThatThrownBy(() -> DataKey.of("tokens", 3, filled((byte) 8)).decrypt(sealed, AD))
			.isInstanceOf(DecryptionFailedException.class);
	}

	@Test
	void toStringRedactsTheKey() {
		assertThat(this.key.toString()).isEqualTo("DataKey[tokens v3, material=redacted]");
	}

	private static byte[] filled(byte b) {
		byte[] material = new byte[32];
		Arrays.fill(material, b);
		return material;
	}
}
