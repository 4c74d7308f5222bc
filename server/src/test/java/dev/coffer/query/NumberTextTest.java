package dev.coffer.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers copied as the database printed them are JSON numbers only when they are valid JSON numbers. */
class NumberTextTest {

	@Test
	void validNumbersPassAndNanInfinityAndOddTextDoNot() {
		for (String number : new String[] { "0", "-12", "3.75", "1e+20", "-1.5E-7", "0.5", "-0", "10", "123456789012345678901234567890" }) {
			assertThat(new ResultColumn.NumberText(number).isJsonNumber()).as(number).isTrue();
		}
		for (String text : new String[] { "NaN", "Infinity", "-Infinity", "", "-", "1.", ".5", "1e", "+1", "0x10", "1 ", "007", "-01.5", "00" }) {
			assertThat(new ResultColumn.NumberText(text).isJsonNumber()).as(text).isFalse();
		}
	}

	@Test
	void numbersPostgresPrintedAreJsonNumbersUnlessNanOrInfinite() {
		for (String number : new String[] { "0", "-12", "3.75", "1e+20", "-1.5e-07", "12345678901234567890.5" }) {
			assertThat(ResultColumn.NumberText.postgres(number.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isJsonNumber())
				.as(number).isTrue();
		}
		for (String text : new String[] { "NaN", "Infinity", "-Infinity" }) {
			assertThat(ResultColumn.NumberText.postgres(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isJsonNumber())
				.as(text).isFalse();
		}
	}
}
