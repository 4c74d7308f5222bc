package dev.coffer.tokenization;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of custom formats: which strings fit, what a token keeps, Luhn, FF1 over any alphabet. */
class CustomShapeTest {

	private final SecureRandom random = new SecureRandom();

	@Test
	void aValueIsReadAlphabetCharacterBySeparatorAndOnlyAlphabetCharactersCount() {
		CustomShape shape = shape(Alphabets.DIGITS, 8, 12, 2, 3, " -", false, TokenFormatDefinition.Mode.RANDOM);
		assertThat(shape.parse("1234-5678").reason()).isNull();
		assertThat(shape.parse("12 34-56 78 90").reason()).as("separators anywhere, not counted").isNull();
		assertThat(shape.parse("1234567").reason()).as("7 digits").contains("does not fit format 'acct'")
			.contains("8 to 12 characters");
		assertThat(shape.parse("1234567890123").reason()).as("13 digits").isNotNull();
		assertThat(shape.parse("1234x5678").reason()).as("outside the alphabet").isNotNull()
			.doesNotContain("1234x5678");
		assertThat(shape.parse("1234/5678").reason()).as("not a kept separator").isNotNull();
		assertThat(shape.parse(null).reason()).contains("is null");
		assertThat(shape.parse("1".repeat(8) + " ".repeat(121)).reason()).as("longer than 128 in all").isNotNull();
	}

	@Test
	void aDrawnTokenKeepsPrefixSuffixAndSeparatorsInPlaceAndDiffersFromTheValue() {
		CustomShape shape = shape(Alphabets.DIGITS, 8, 12, 2, 3, " -", false, TokenFormatDefinition.Mode.RANDOM);
		String value = "12 34-56 78 90";
		for (int i = 0; i < 200; i++) {
			String token = shape.draw(shape.parse(value), this.random);
			assertThat(token).matches("12 [0-9]{2}-[0-9]{2} [0-9]8 90").isNotEqualTo(value);
		}
	}

	@Test
	void luhnTokensPassTheLuhnCheckWhateverTheirLengthAndKeptSuffix() {
		for (int length = 8; length <= 19; length++) {
			CustomShape shape = shape(Alphabets.DIGITS, length, length, 0, 4, "", true, TokenFormatDefinition.Mode.RANDOM);
			String value = "4".repeat(length);
			for (int i = 0; i < 50; i++) {
				String token = shape.draw(shape.parse(value), this.random);
				assertThat(token).hasSize(length).endsWith("4444");
				assertThat(TokenFormats.Card.luhnSum(token.toCharArray()) % 10).as(token).isZero();
			}
		}
	}

	@Test
	void tokenSpaceIsRadixToTheTokenizedLengthAndATenthOfThatWithLuhn() {
		assertThat(CustomShape.tokenSpace(10, 16, 6, 4, false)).isEqualTo(BigInteger.valueOf(1_000_000));
		assertThat(CustomShape.tokenSpace(10, 16, 6, 4, true)).isEqualTo(BigInteger.valueOf(100_000));
		assertThat(CustomShape.tokenSpace(36, 4, 0, 0, false)).isEqualTo(BigInteger.valueOf(1_679_616));
	}

	@Test
	void fpeOverALetterAlphabetRoundTripsKeepsItsShapeAndIsDeterministic() {
		CustomFpeFormat format = fpe("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6, 10, 1, 1, "-", false);
		String value = "AB-CD23-EF";
		assertThat(format.reject(value)).isNull();
		String token = format.encrypt(value, null);
		assertThat(token).matches("A[A-Z2-9]-[A-Z2-9]{4}-[A-Z2-9]F").isEqualTo(format.encrypt(value, null));
		assertThat(format.decrypt(token, null)).isEqualTo(value);
	}

	@Test
	void fpeTokensDependOnTheKeptPrefixThroughTheTweak() {
		CustomFpeFormat format = fpe(Alphabets.DIGITS, 10, 10, 2, 0, "", false);
		String a = format.encrypt("1100000000", null);
		String b = format.encrypt("2200000000", null);
		assertThat(a.substring(2)).isNotEqualTo(b.substring(2));
	}

	@Test
	void fpeWithLuhnGivesLuhnValidTokensThatDecryptBackAndRefusesValuesThatFailLuhn() {
		CustomFpeFormat format = fpe(Alphabets.DIGITS, 16, 16, 4, 4, "", true);
		Set<String> tokens = new HashSet<>();
		long card = 4111111111111111L;
		for (int i = 0; i < 200; i++) {
			String value = withCheckDigit(Long.toString(card + i * 10_000L).substring(0, 15));
			assertThat(format.reject(value)).as(value).isNull();
			String token = format.encrypt(value, null);
			assertThat(TokenFormats.Card.luhnSum(token.toCharArray()) % 10).as(token).isZero();
			assertThat(token).startsWith(value.substring(0, 4)).endsWith(value.substring(12));
			assertThat(format.decrypt(token, null)).isEqualTo(value);
			tokens.add(token);
		}
		assertThat(tokens).hasSize(200);
		assertThat(format.reject("4111111111111112").code()).isEqualTo(dev.coffer.api.error.ErrorCode.INVALID_VALUE);
	}

	@Test
	void fpeChecksTheDomainPerValueTooWhenADefinitionAllowsShortValues() {
		// creation refuses such a definition; the per-value check still guards every item
		CustomFpeFormat format = fpe(Alphabets.DIGITS, 4, 12, 0, 0, "", false);
		assertThat(format.reject("12345").code()).isEqualTo(dev.coffer.api.error.ErrorCode.DOMAIN_TOO_SMALL);
		assertThat(format.reject("12345").reason()).contains("1,000,000").doesNotContain("12345");
		assertThat(format.reject("123456")).isNull();
	}

	@Test
	void fpeOverAnAlphabetOfMoreThan256CharactersUsesSixteenBitNumerals() {
		StringBuilder alphabet = new StringBuilder();
		for (char c = '\u4e00'; alphabet.length() < 1000; c++) {
			alphabet.append(c);
		}
		CustomFpeFormat format = fpe(alphabet.toString(), 2, 20, 0, 0, "", false);
		String value = alphabet.substring(10, 13) + alphabet.substring(999) + alphabet.substring(0, 1);
		String token = format.encrypt(value, null);
		assertThat(token).hasSameSizeAs(value).isNotEqualTo(value);
		for (char c : token.toCharArray()) {
			assertThat(alphabet.indexOf(String.valueOf(c))).isNotNegative();
		}
		assertThat(format.decrypt(token, null)).isEqualTo(value);
	}

	static String withCheckDigit(String fifteen) {
		for (int d = 0; d < 10; d++) {
			String candidate = fifteen + d;
			if (TokenFormats.Card.luhnSum(candidate.toCharArray()) % 10 == 0) {
				return candidate;
			}
		}
		throw new IllegalStateException();
	}

	private static CustomFpeFormat fpe(String alphabet, int min, int max, int prefix, int suffix, String separators,
			boolean luhn) {
		CustomShape shape = shape(alphabet, min, max, prefix, suffix, separators, luhn, TokenFormatDefinition.Mode.FPE);
		byte[] key = new byte[32];
		key[0] = 7;
		return new CustomFpeFormat(shape, Ff1.aes256(key, alphabet));
	}

	private static CustomShape shape(String alphabet, int min, int max, int prefix, int suffix, String separators,
			boolean luhn, TokenFormatDefinition.Mode mode) {
		OffsetDateTime now = OffsetDateTime.now();
		return new CustomShape(new TokenFormatDefinition("id", "acct", null, null, alphabet, min, max, prefix, suffix,
				separators, luhn, mode, false, now, "test", now, "test"));
	}
}
