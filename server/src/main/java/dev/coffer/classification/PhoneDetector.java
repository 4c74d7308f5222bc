package dev.coffer.classification;

import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * A telephone number that libphonenumber finds valid (an assigned range of its country's
 * numbering plan): international with {@code +}, or national in the default region (US). A number
 * written with a {@code +}, parentheses or separators is a strong match; bare digits are weak, since
 * order numbers and ids look the same.
 */
final class PhoneDetector implements Detector {

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	/** Digits with at most one separator between groups; an optional + and area code in parentheses. */
	private static final Pattern SHAPE = Pattern.compile("\\+?(?:\\d{1,4}[ .-]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d{1,5}(?:[ .-]?\\d{1,5}){0,5}");

	private static final String DEFAULT_REGION = "US";

	private static final PhonePrefilter PREFILTER = PhonePrefilter.of(PHONES, DEFAULT_REGION);

	@Override
	public DetectedType type() {
		return DetectedType.PHONE;
	}

	@Override
	public boolean accepts(Shape shape) {
		// a national number of the default region has 10 digits, or 11 after the trunk prefix (see check)
		return shape.digits >= 7 && shape.digits <= 15 && shape.letters() == 0 && shape.length <= 22
				&& shape.colons == 0 && shape.slashes == 0 && shape.commas == 0
				&& (shape.first == '+' || shape.digits == 10 || shape.digits == 11);
	}

	@Override
	public Match check(String value) {
		if (!SHAPE.matcher(value).matches()) {
			return Match.NONE;
		}
		boolean international = value.charAt(0) == '+';
		if (!international) {
			// a national number of the default region (NANP): ten digits, or eleven after the trunk prefix 1
			int digits = 0;
			char first = 0;
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c >= '0' && c <= '9') {
					if (digits == 0) {
						first = c;
					}
					digits++;
				}
			}
			if (digits != 10 && !(digits == 11 && first == '1')) {
				return Match.NONE;
			}
		}
		else if (value.length() < 9) {
			return Match.NONE;
		}
		boolean dotted = value.indexOf('.') >= 0;
		if (dotted && !sameSeparators(value)) {
			return Match.NONE;
		}
		try {
			PhoneNumber number = PREFILTER.northAmerican(value);
			if (number == null) {
				if (!PREFILTER.mayBeValid(value)) {
					return Match.NONE;
				}
				number = PHONES.parse(value, international ? "ZZ" : DEFAULT_REGION);
			}
			if (!PHONES.isValidNumber(number)) {
				return Match.NONE;
			}
		}
		catch (NumberParseException ex) {
			return Match.NONE;
		}
		boolean formatted = international || value.indexOf('(') >= 0 || value.indexOf(' ') >= 0
				|| value.indexOf('-') >= 0 || dotted;
		return formatted ? Match.STRONG : Match.WEAK;
	}

	/** {@code 415.555.0123} is a phone number, {@code 1.415-555 0123} is not written by people. */
	private static boolean sameSeparators(String value) {
		return value.indexOf(' ') < 0 && value.indexOf('-') < 0;
	}

	@Override
	public String validator() {
		return "libphonenumber:valid_number";
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("phone", "phones", "tel", "telephone", "mobile", "cell", "cellphone", "fax", "msisdn", "phonenumber",
				"mobilephone", "landline");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("phone", "tel", "ext");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("phone", "call", "tel", "telephone", "mobile", "cell", "fax", "contact", "reach", "text", "sms",
				"whatsapp", "dial", "ring", "ph");
	}

	@Override
	public Set<String> negativeContextWords() {
		return Set.of("order", "invoice", "ticket", "ref", "reference", "tracking", "account", "id", "serial", "isbn");
	}

	@Override
	public double baseScore() {
		return 0.6;
	}

	@Override
	public double contextScore() {
		return 0.85;
	}

	@Override
	public int maxTokens() {
		return 6;
	}
}
