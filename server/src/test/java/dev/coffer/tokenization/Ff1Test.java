package dev.coffer.tokenization;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Our FF1 wrapper against the NIST SP 800-38G known answers, and the properties the formats rely on. */
class Ff1Test {

	@Test
	void reproducesTheNistFf1Aes256SamplesAndDecryptsThemBack() throws IOException {
		List<JsonNode> samples = nistSamples();
		assertThat(samples).extracting(s -> s.get("sample").asInt()).containsExactly(7, 8, 9);
		for (JsonNode sample : samples) {
			Ff1 ff1 = Ff1.aes256(HexFormat.of().parseHex(sample.get("key").asString()), sample.get("alphabet").asString());
			byte[] tweak = HexFormat.of().parseHex(sample.get("tweak").asString());
			String plaintext = sample.get("plaintext").asString();
			String ciphertext = sample.get("ciphertext").asString();
			assertThat(sample.get("alphabet").asString()).hasSize(sample.get("radix").asInt());
			assertThat(ff1.encrypt(plaintext, tweak)).as("sample " + sample.get("sample")).isEqualTo(ciphertext);
			assertThat(ff1.decrypt(ciphertext, tweak)).as("sample " + sample.get("sample")).isEqualTo(plaintext);
		}
	}

	@Test
	void encryptionWhenTweakDiffersThenCiphertextDiffers() {
		Ff1 ff1 = Ff1.aes256(new byte[32], Ff1.DECIMAL);
		String a = ff1.encrypt("4111111111111111", "digits-fpe".getBytes());
		String b = ff1.encrypt("4111111111111111", "card-fpe".getBytes());
		assertThat(a).hasSize(16).containsOnlyDigits().isNotEqualTo(b);
		assertThat(ff1.decrypt(a, "card-fpe".getBytes())).isNotEqualTo("4111111111111111");
	}

	@Test
	void keyOfAnotherLengthOrCharacterOutsideTheAlphabetIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Ff1.aes256(new byte[16], Ff1.DECIMAL));
		assertThatIllegalArgumentException().isThrownBy(() -> Ff1.aes256(new byte[32], "00"));
		Ff1 ff1 = Ff1.aes256(new byte[32], Ff1.DECIMAL);
		assertThatIllegalArgumentException().isThrownBy(() -> ff1.encrypt("12345a", new byte[0]))
			.withMessageNotContaining("12345a");
		assertThat(ff1.toString()).contains("redacted");
	}

	@Test
	void alphabetsLargerThan256CharactersRoundTripAsSixteenBitNumerals() {
		StringBuilder alphabet = new StringBuilder();
		for (char c = '\u0400'; alphabet.length() < 300; c++) {
			alphabet.append(c);
		}
		Ff1 ff1 = Ff1.aes256(new byte[32], alphabet.toString());
		String plaintext = alphabet.substring(0, 3) + alphabet.substring(257, 260) + alphabet.charAt(299);
		byte[] tweak = "wide".getBytes();
		String ciphertext = ff1.encrypt(plaintext, tweak);
		assertThat(ciphertext).hasSize(7).isNotEqualTo(plaintext);
		assertThat(ff1.decrypt(ciphertext, tweak)).isEqualTo(plaintext);
		// radix 300 > 256: the numerals above 255 survive (they would wrap in one byte)
		java.util.Set<Character> seen = new java.util.HashSet<>();
		for (int i = 0; i < 200; i++) {
			for (char c : ff1.encrypt(plaintext.substring(0, 6) + alphabet.charAt(i), tweak).toCharArray()) {
				seen.add(c);
			}
		}
		assertThat(seen.stream().filter(c -> alphabet.indexOf(String.valueOf(c)) >= 256).toList()).isNotEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> ff1.encrypt("ab", tweak));
	}

	/** Engines are kept per thread, each with the tweak it last saw: many threads, tweaks interleaved, same answers. */
	@Test
	void concurrentCallsWithChangingTweaksGiveTheSameTokensAsOneFreshCipher() throws Exception {
		byte[] key = new byte[32];
		key[0] = 7;
		Ff1 shared = Ff1.aes256(key, Ff1.DECIMAL);
		List<String> values = new ArrayList<>();
		List<byte[]> tweaks = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			values.add(String.format("%016d", 4111111111111111L + 7919L * i));
			tweaks.add(("card-fpe/16/" + (1000 + i % 3)).getBytes());
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			expected.add(Ff1.aes256(key, Ff1.DECIMAL).encrypt(values.get(i), tweaks.get(i)));
		}
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				runs.add(threads.submit(() -> {
					List<String> tokens = new ArrayList<>();
					for (int i = 0; i < values.size(); i++) {
						String token = shared.encrypt(values.get(i), tweaks.get(i));
						assertThat(shared.decrypt(token, tweaks.get(i))).isEqualTo(values.get(i));
						tokens.add(token);
					}
					return tokens;
				}));
			}
			for (java.util.concurrent.Future<List<String>> run : runs) {
				assertThat(run.get()).isEqualTo(expected);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static List<JsonNode> nistSamples() throws IOException {
		try (InputStream in = Ff1Test.class.getResourceAsStream("/fpe/ff1-nist-samples.json")) {
			assertThat(in).as("fpe/ff1-nist-samples.json").isNotNull();
			JsonNode root = JsonMapper.builder().build().readTree(in);
			assertThat(root.get("source").asString()).contains("NIST");
			List<JsonNode> out = new ArrayList<>();
			root.get("samples").forEach(out::add);
			return out;
		}
	}
}
