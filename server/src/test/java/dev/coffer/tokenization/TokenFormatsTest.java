package dev.coffer.tokenization;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape each built-in format keeps, and the values it refuses (without echoing them). */
class TokenFormatsTest {

	private final SecureRandom random = new SecureRandom();

	private static TokenFormat format(String name) {
		return TokenFormats.find(name).orElseThrow();
	}

	@ParameterizedTest
	@ValueSource(strings = { "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "378282246310005",
			"6011 0009 9013 9424 123", "4222222222222" })
	void cardTokenKeepsLengthSeparatorsAndLastFourAndPassesLuhn(String card) {
		TokenFormat format = format("card");
		assertThat(format.reject(card)).isNull();
		for (int i = 0; i < 200; i++) {
			String token = format.draw(card, this.random);
			assertThat(token).hasSameSizeAs(card).isNotEqualTo(card);
			assertThat(token.substring(token.length() - 4)).isEqualTo(card.substring(card.length() - 4));
			for (int c = 0; c < card.length(); c++) {
				assertThat(Character.isDigit(token.charAt(c))).isEqualTo(Character.isDigit(card.charAt(c)));
				if (!Character.isDigit(card.charAt(c))) {
					assertThat(token.charAt(c)).isEqualTo(card.charAt(c));
				}
			}
			assertThat(TokenFormats.Card.luhnSum(token.replaceAll("[^0-9]", "").toCharArray()) % 10)
				.as("Luhn of a token").isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "4111", "4111 1111 1111 1111 1111", "4111x1111x1111x1111", " 4111111111111111",
			"41111111111111111111" })
	void cardRefusesOtherShapesWithoutEchoingThem(String value) {
		String reason = format("card").reject(value);
		assertThat(reason).contains("'card'");
		if (!value.isBlank()) {
			assertThat(reason).doesNotContain(value.trim());
		}
	}

	@Test
	void drawnValuesAreInRangeAndEveryValueIsAboutEquallyLikely() throws Exception {
		SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
		seeded.setSeed(42L);
		for (int bound : new int[] { 10, 36, 62, 256 }) {
			int[] counts = new int[bound];
			int draws = bound * 1000;
			for (int i = 0; i < draws; i += 20) {
				for (int value : TokenFormats.uniform(seeded, 20, bound)) {
					counts[value]++;
				}
			}
			for (int value = 0; value < bound; value++) {
				assertThat(counts[value]).as("value " + value + " of " + bound).isBetween(800, 1200);
			}
		}
		assertThat(TokenFormats.uniform(seeded, 0, 10)).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> TokenFormats.uniform(seeded, 5, 257));
	}

	@Test
	void ssnKeepsShapeAndLastFour() {
		TokenFormat ssn = format("ssn");
		for (String value : new String[] { "123-45-6789", "123456789" }) {
			assertThat(ssn.reject(value)).isNull();
			String token = ssn.draw(value, this.random);
			assertThat(token).isNotEqualTo(value).endsWith("6789");
			assertThat(token).matches(value.contains("-") ? "[0-9]{3}-[0-9]{2}-[0-9]{4}" : "[0-9]{9}");
		}
		assertThat(ssn.reject("123-456-789")).contains("'ssn'");
		assertThat(ssn.reject("12345678")).contains("'ssn'");
	}

	@Test
	void emailKeepsTheLowerCasedDomainAndDrawsALocalPartOfAtLeastEight() {
		TokenFormat email = format("email");
		String token = email.draw("Jo@Example.COM", this.random);
		assertThat(token).matches("[a-z0-9]{8}@example\\.com");
		String longer = email.draw("jonathan.appleseed@example.org", this.random);
		assertThat(longer).matches("[a-z0-9]{18}@example\\.org");
		assertThat(email.reject("not-an-email")).contains("'email'");
		assertThat(email.reject("a@b")).contains("'email'");
		assertThat(email.reject("a@@b.com")).contains("'email'");
	}

	@Test
	void digitsKeepTheLengthAndNeverTheValue() {
		TokenFormat digits = format("digits");
		assertThat(digits.draw("0123456789", this.random)).matches("[0-9]{10}").isNotEqualTo("0123456789");
		Set<String> oneDigit = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			oneDigit.add(digits.draw("5", this.random));
		}
		assertThat(oneDigit).doesNotContain("5").hasSizeGreaterThan(5);
		assertThat(digits.reject("12a")).contains("'digits'");
		assertThat(digits.reject("1".repeat(65))).contains("'digits'");
		assertThat(digits.reject("")).contains("'digits'");
	}

	@RepeatedTest(20)
	void phoneKeepsCountryCodeSeparatorsAndLastTwo() {
		TokenFormat phone = format("phone");
		String us = phone.draw("+1 (415) 555-0123", this.random);
		assertThat(us).matches("\\+1 \\([0-9]{3}\\) [0-9]{3}-[0-9]{2}23").isNotEqualTo("+1 (415) 555-0123");
		assertThat(phone.draw("+442079460958", this.random)).matches("\\+44[0-9]{8}58");
		assertThat(phone.draw("+353 1 234 5678", this.random)).matches("\\+353 [0-9] [0-9]{3} [0-9]{2}78");
		assertThat(phone.draw("030.1234.5678", this.random)).matches("[0-9]{3}\\.[0-9]{4}\\.[0-9]{2}78");
		assertThat(phone.reject("+1 415 555 0123 ext 4")).contains("'phone'");
		assertThat(phone.reject("12345")).contains("'phone'");
	}

	@Test
	void uuidAndAlphanumericAcceptAnyNonEmptyValue() {
		assertThat(format("uuid").draw("x", this.random)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(format("alphanumeric").draw("x", this.random)).matches("[A-Za-z0-9]{24}");
		assertThat(format("uuid").reject("")).contains("'uuid'");
		assertThat(format("alphanumeric").reject("")).contains("'alphanumeric'");
		assertThat(TokenFormats.find("card-fpe")).isEmpty();
	}
}
