package dev.coffer.classification;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * A cheap necessary condition for libphonenumber to find a number valid, built from
 * libphonenumber's own metadata, so that {@link PhoneDetector} asks libphonenumber to parse and
 * validate (several microseconds) only numbers that can pass. It refuses a number only when
 * libphonenumber would too:
 * <ul>
 * <li>{@code parse} reads the country calling code after a {@code +} (one to three digits, the
 * codes being prefix-free); no known code, no number;</li>
 * <li>the national significant number it then keeps is the rest of the digits, or a suffix of them
 * once a national prefix or the default region's country code is stripped, except where a region's
 * national prefix transform rule rewrites the digits (those calling codes are not filtered);</li>
 * <li>{@code isValidNumber} needs that national number to have one of the possible lengths of the
 * general description of a region of the calling code and to match its national number pattern.</li>
 * </ul>
 * So a number passes if a suffix of its national digits of a possible length matches one of those
 * patterns. Numbers without {@code +} are national numbers of the default region; those starting
 * with its international dialling prefix ({@code 011} in the US) are not filtered. Only for digits,
 * separators and parentheses, as {@link PhoneDetector} hands them over. Thread-safe.
 */
final class PhonePrefilter {

	/** libphonenumber's longest national significant number. */
	private static final int MAX_LENGTH = 17;

	/**
	 * Per calling code: the possible lengths (bit n for length n), the union of the patterns, whether
	 * to filter at all; built on first use, since reading a region's metadata takes libphonenumber a
	 * while and most texts hold few calling codes.
	 */
	private final AtomicReferenceArray<Plan> plans = new AtomicReferenceArray<>(1000);

	private final boolean[] supported = new boolean[1000];

	private final PhoneNumberUtil phones;

	private final MetadataSource metadata;

	private final int defaultCallingCode;

	private final Pattern defaultInternationalPrefix;

	/** Whether the default region's metadata is the NANP's as {@link #northAmerican} reads it. */
	private final boolean northAmericanDefault;

	private PhonePrefilter(PhoneNumberUtil phones, MetadataSource metadata, PhoneMetadata home) {
		this.phones = phones;
		this.metadata = metadata;
		this.defaultCallingCode = home.getCountryCode();
		this.defaultInternationalPrefix = Pattern.compile(home.getInternationalPrefix());
		this.northAmericanDefault = home.getCountryCode() == 1 && "1".equals(home.getNationalPrefixForParsing())
				&& home.getNationalPrefixTransformRule().isEmpty() && "011".equals(home.getInternationalPrefix())
				&& home.getGeneralDesc().getPossibleLengthList().equals(List.of(10))
				&& "[2-9]\\d{9}|3\\d{6}".equals(home.getGeneralDesc().getNationalNumberPattern());
		for (int callingCode : phones.getSupportedCallingCodes()) {
			this.supported[callingCode] = true;
		}
	}

	/** The filter for libphonenumber's bundled metadata, with national numbers read in {@code defaultRegion}. */
	static PhonePrefilter of(PhoneNumberUtil phones, String defaultRegion) {
		MetadataSource metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
		return new PhonePrefilter(phones, metadata, metadata.getMetadataForRegion(defaultRegion));
	}

	private Plan plan(int callingCode) {
		Plan plan = this.plans.get(callingCode);
		if (plan == null) {
			plan = build(callingCode);
			this.plans.set(callingCode, plan);
		}
		return plan;
	}

	private Plan build(int callingCode) {
		String mainRegion = this.phones.getRegionCodeForCountryCode(callingCode);
		int lengths = 0;
		boolean filtered = true;
		Set<String> patterns = new LinkedHashSet<>();
		for (String region : this.phones.getRegionCodesForCountryCode(callingCode)) {
			PhoneMetadata data = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
					? this.metadata.getMetadataForNonGeographicalRegion(callingCode) : this.metadata.getMetadataForRegion(region);
			if (data == null) {
				filtered = false;
				continue;
			}
			if (data.getGeneralDesc().getPossibleLengthCount() == 0) {
				// isNumberMatchingDesc skips the length check then
				lengths = -1;
			}
			for (int length : data.getGeneralDesc().getPossibleLengthList()) {
				lengths |= length > 0 && length <= MAX_LENGTH ? 1 << length : 0;
			}
			patterns.add("(?:" + data.getGeneralDesc().getNationalNumberPattern() + ")");
			// parse strips national prefixes with the metadata of the calling code's main region
			if (region.equals(mainRegion) && !data.getNationalPrefixTransformRule().isEmpty()) {
				filtered = false;
			}
		}
		return new Plan(filtered, lengths, Pattern.compile(String.join("|", patterns)));
	}

	/**
	 * Whether libphonenumber may find {@code value} a valid number: international when it starts with
	 * {@code +}, else national in the default region. False means it would not.
	 */
	boolean mayBeValid(String value) {
		StringBuilder digits = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		int callingCode;
		int from;
		if (value.charAt(0) == '+') {
			callingCode = 0;
			from = 0;
			for (int n = 1; n <= 3 && n <= digits.length() && digits.charAt(0) != '0'; n++) {
				int candidate = Integer.parseInt(digits, 0, n, 10);
				if (this.supported[candidate]) {
					callingCode = candidate;
					from = n;
					break;
				}
			}
			if (callingCode == 0) {
				return false;
			}
		}
		else {
			if (this.defaultInternationalPrefix.matcher(digits).lookingAt()) {
				return true;
			}
			callingCode = this.defaultCallingCode;
			from = 0;
		}
		Plan plan = plan(callingCode);
		if (!plan.filtered) {
			return true;
		}
		// parse refuses national numbers longer than MAX_LENGTH
		int available = digits.length() - from;
		for (int length = 1; length <= Math.min(available, MAX_LENGTH); length++) {
			if ((plan.lengths & (1 << length)) != 0
					&& plan.nationalNumbers.matcher(digits.subSequence(digits.length() - length, digits.length())).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The number {@code parse} gives for {@code value} when it is written in a North American form
	 * that {@code parse} reads only one way (default region US): ten digits starting with 2 to 9, the
	 * same after the trunk prefix {@code 1}, or after {@code +1}; else null, and the caller parses.
	 * There is no international prefix ({@code 011}) and no national prefix ({@code 1}) to strip from
	 * such digits, and their national number has the possible length of the region: {@code parse}
	 * keeps the ten digits as the national number of calling code 1, which this does without running
	 * its regular expressions (the larger half of the cost of validating a number).
	 */
	PhoneNumber northAmerican(String value) {
		if (!this.northAmericanDefault) {
			return null;
		}
		long number = 0;
		int digits = 0;
		int first = -1;
		boolean plus = value.charAt(0) == '+';
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= '0' && c <= '9') {
				if (digits == 0) {
					first = c - '0';
				}
				number = number * 10 + (c - '0');
				digits++;
			}
		}
		long national;
		if (digits == 10 && !plus && first >= 2) {
			national = number;
		}
		else if (digits == 11 && first == 1) {
			national = number - 10_000_000_000L;
		}
		else {
			return null;
		}
		if (national < 2_000_000_000L) {
			return null;
		}
		return new PhoneNumber().setCountryCode(1).setNationalNumber(national);
	}

	private record Plan(boolean filtered, int lengths, Pattern nationalNumbers) {
	}
}
