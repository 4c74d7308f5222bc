package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone pre-filter refuses only numbers that libphonenumber finds invalid too: checked on the
 * example number of every type of every region in every format, and on random numbers.
 */
class PhonePrefilterTest {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	private static final PhonePrefilter FILTER = PhonePrefilter.of(PHONES, "US");

	/** What PhoneDetector asks libphonenumber, for digits, separators and parentheses. */
	private static boolean valid(String value) {
		try {
			return PHONES.isValidNumber(PHONES.parse(value, value.startsWith("+") ? "ZZ" : "US"));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	private static List<String> exampleNumbers() {
		List<PhoneNumber> numbers = new ArrayList<>();
		for (String region : PHONES.getSupportedRegions()) {
			for (PhoneNumberType type : PhoneNumberType.values()) {
				PhoneNumber example = PHONES.getExampleNumberForType(region, type);
				if (example != null) {
					numbers.add(example);
				}
			}
		}
		for (int callingCode : PHONES.getSupportedGlobalNetworkCallingCodes()) {
			PhoneNumber example = PHONES.getExampleNumberForNonGeoEntity(callingCode);
			if (example != null) {
				numbers.add(example);
			}
		}
		List<String> written = new ArrayList<>();
		for (PhoneNumber number : numbers) {
			for (PhoneNumberFormat format : PhoneNumberFormat.values()) {
				String text = PHONES.format(number, format).replaceAll("[^0-9+ ().-]", "");
				if (!text.isEmpty()) {
					written.add(text);
				}
			}
		}
		return written;
	}

	@Test
	void everyExampleNumberLibphonenumberFindsValidPasses() {
		int valid = 0;
		for (String number : exampleNumbers()) {
			if (valid(number)) {
				valid++;
				assertThat(FILTER.mayBeValid(number)).as(number).isTrue();
			}
		}
		assertThat(valid).isGreaterThan(1_000);
	}

	@Test
	void randomNumbersAreRefusedOnlyWhenLibphonenumberFindsThemInvalid() {
		Random random = new Random(11);
		List<Integer> callingCodes = new ArrayList<>(PHONES.getSupportedCallingCodes());
		int valid = 0;
		int refused = 0;
		for (int i = 0; i < 30_000; i++) {
			StringBuilder number = new StringBuilder();
			switch (i % 4) {
				case 0 -> number.append('+').append(callingCodes.get(random.nextInt(callingCodes.size())));
				case 1 -> number.append("+1");
				case 2 -> number.append(random.nextBoolean() ? "1" : "");
				default -> number.append(random.nextInt(10) == 0 ? "011" : "");
			}
			int digits = i % 4 >= 2 ? 10 - (number.length() == 1 ? 0 : number.length() - 1) + random.nextInt(2) : 4 + random.nextInt(11);
			for (int d = 0; d < digits; d++) {
				number.append(d == 0 && random.nextInt(3) > 0 ? (char) ('2' + random.nextInt(8)) : (char) ('0' + random.nextInt(10)));
				if (random.nextInt(4) == 0) {
					number.append(' ');
				}
			}
			String value = number.toString().trim();
			boolean passes = FILTER.mayBeValid(value);
			if (valid(value)) {
				valid++;
				assertThat(passes).as(value).isTrue();
			}
			else if (!passes) {
				refused++;
			}
		}
		assertThat(valid).as("valid %d, refused %d", valid, refused).isGreaterThan(1_000);
		assertThat(refused).as("valid %d, refused %d", valid, refused).isGreaterThan(5_000);
	}

	@Test
	void northAmericanNumbersAreReadAsParseReadsThem() throws NumberParseException {
		Random random = new Random(5);
		String[] forms = { "%s%s%s", "(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "1 %s %s %s", "1-%s-%s-%s", "+1 %s %s %s",
				"+1 (%s) %s-%s", "+1%s%s%s" };
		int read = 0;
		int valid = 0;
		for (int i = 0; i < 20_000; i++) {
			String value = String.format(forms[i % forms.length], digits(random, 3), digits(random, 3), digits(random, 4));
			PhoneNumber direct = FILTER.northAmerican(value);
			if (direct == null) {
				continue;
			}
			read++;
			PhoneNumber parsed = PHONES.parse(value, value.startsWith("+") ? "ZZ" : "US");
			assertThat(direct).as(value).isEqualTo(parsed);
			valid += PHONES.isValidNumber(direct) ? 1 : 0;
		}
		assertThat(read).isGreaterThan(10_000);
		assertThat(valid).isGreaterThan(1_000);
		assertThat(FILTER.northAmerican("+44 20 7946 0958")).isNull();
		assertThat(FILTER.northAmerican("150 253 0000")).isNull();
		assertThat(FILTER.northAmerican("+1 150 253 0000")).isNull();
		assertThat(FILTER.northAmerican("011 650 253 0000")).isNull();
	}

	private static String digits(Random random, int n) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < n; i++) {
			out.append((char) ('0' + random.nextInt(10)));
		}
		return out.toString();
	}

	@Test
	void numbersOutsideEveryNumberingPlanAreRefused() {
		assertThat(FILTER.mayBeValid("+999 123 4567")).isFalse();
		assertThat(FILTER.mayBeValid("+0 650 253 0000")).isFalse();
		assertThat(FILTER.mayBeValid("050 253 0000")).isFalse();
		assertThat(FILTER.mayBeValid("1 150 253 0000")).isFalse();
		assertThat(FILTER.mayBeValid("+44 12")).isFalse();
		assertThat(FILTER.mayBeValid("(650) 253-0000")).isTrue();
		assertThat(FILTER.mayBeValid("+44 20 7946 0958")).isTrue();
		assertThat(FILTER.mayBeValid("011 44 20 7946 0958")).isTrue();
	}
}
