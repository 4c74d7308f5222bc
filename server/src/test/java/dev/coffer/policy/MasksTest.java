package dev.coffer.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.tokenization.TokenService;

import static org.assertj.core.api.Assertions.assertThat;

/** Every masking type as a pure function on typed values, with its edge cases. */
class MasksTest {

	static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	@Test
	void everyMaskPassesNullThrough() {
		for (ValueMask mask : List.of(new Masks.NoMask(), new Masks.FullMask(), new Masks.EmailMask(), new Masks.LastFour(),
				new Masks.FirstFour(), new Masks.Constant("x"), new Masks.ConstantDate(LocalDate.of(1900, 1, 1)),
				new Masks.FullMaskHash(), new Masks.EmailHash(), new Masks.LastFourHash(), new Masks.YearOnly(),
				new Masks.Round(BigDecimal.TEN), new Masks.DateShiftMask(DateShift.fixed(3)),
				new RegexReplaceMask("a", "b"), new Masks.NullMask())) {
			assertThat(mask.apply(null)).as(mask.toString()).isNull();
		}
	}

	@Test
	void noMaskKeepsTheValueAndNullMaskGivesNull() {
		assertThat(new Masks.NoMask().apply("secret")).isEqualTo("secret");
		assertThat(new Masks.NoMask().apply(42)).isEqualTo(new BigDecimal(42));
		assertThat(new Masks.NullMask().apply("secret")).isNull();
	}

	@Test
	void noMaskKeepsNanAndInfinityAndBinaryValuesAreHashedAsHex() {
		assertThat(new Masks.NoMask().apply(Double.NaN)).isEqualTo(Double.NaN);
		assertThat(new Masks.NoMask().apply(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(new Masks.NoMask().apply(Float.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(new Masks.FullMask().apply(Double.NaN)).as("no decimal to mask: NULL").isNull();
		assertThat(new Masks.LastFour().apply(Double.POSITIVE_INFINITY)).isNull();
		byte[] bytes = { 0x01, (byte) 0xab, 0x7f };
		assertThat(new Masks.FullMaskHash().apply(bytes)).isEqualTo(MaskValues.sha256Hex("01ab7f"));
		assertThat(new Masks.FullMaskHash().apply(bytes.clone())).as("by content, not identity")
			.isEqualTo(new Masks.FullMaskHash().apply(bytes));
		assertThat(new Masks.LastFourHash().apply(bytes)).isEqualTo(MaskValues.sha256Hex("01") + "ab7f");
		assertThat(new Masks.NoMask().apply(bytes)).isSameAs(bytes);
	}

	@Test
	void rowRulesAndStoredPoliciesNeverPrintTheirAllowedValues() {
		PolicyBodies.RowRule rule = new PolicyBodies.RowRule("emea", List.of("Secretland", "Hiddenia"));
		TableRef table = new TableRef("0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "sales", "orders");
		PolicyBodies.RowPolicyBody body = new PolicyBodies.RowPolicyBody("regions", null, table, "country", List.of(rule));
		PolicyBodies.RowPolicyView view = new PolicyBodies.RowPolicyView("id", "regions", null, table, "country",
				List.of(rule), null, null, null, false);
		PolicyStore.Stored stored = new PolicyStore.Stored("id", "regions", null,
				"{\"rules\":[{\"role\":\"emea\",\"values\":[\"Secretland\"]}]}", null, null, null, null);
		for (Object printed : List.of(rule, body, view, stored)) {
			assertThat(printed.toString()).doesNotContain("Secretland").doesNotContain("Hiddenia");
		}
		assertThat(rule.toString()).contains("emea").contains("2 values");
	}

	@Test
	void fullMaskHidesEveryCharacterAndKeepsTheType() {
		Masks.FullMask mask = new Masks.FullMask();
		assertThat(mask.apply("secret")).isEqualTo("******");
		assertThat(mask.apply("")).isEqualTo("");
		assertThat(mask.apply("ü😀x")).as("one star per code point").isEqualTo("***");
		assertThat(mask.apply(new BigDecimal("123.45"))).isEqualTo(new BigDecimal("0.00"));
		assertThat(mask.apply(7L)).isEqualTo(BigDecimal.ZERO);
		assertThat(mask.apply(LocalDate.of(1980, 5, 17))).isEqualTo(LocalDate.of(1970, 1, 1));
		assertThat(mask.apply(LocalDateTime.of(1980, 5, 17, 10, 0))).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
		assertThat(mask.apply(OffsetDateTime.of(1980, 5, 17, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
			.isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		assertThat(mask.apply(true)).isEqualTo(false);
	}

	@Test
	void emailMaskKeepsTheDomainAndFullyMasksWhatIsNoEmail() {
		Masks.EmailMask mask = new Masks.EmailMask();
		assertThat(mask.apply("jane.doe@example.com")).isEqualTo("********@example.com");
		assertThat(mask.apply("jürgen@bücher.de")).isEqualTo("******@bücher.de");
		assertThat(mask.apply("not an email")).isEqualTo("************");
		assertThat(mask.apply("@example.com")).isEqualTo("************");
		assertThat(mask.apply("jane@")).isEqualTo("*****");
		assertThat(mask.apply("a@b@c")).isEqualTo("*****");
		assertThat(mask.apply("")).isEqualTo("");
		assertThat(mask.apply(12345)).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void lastFourShowsTheLastFourCharactersOrDigits() {
		Masks.LastFour mask = new Masks.LastFour();
		assertThat(mask.apply("4111 1111 1111 1234")).isEqualTo("***************1234");
		assertThat(mask.apply("12345")).isEqualTo("*2345");
		assertThat(mask.apply("1234")).as("four or fewer: nothing shown").isEqualTo("****");
		assertThat(mask.apply("ab")).isEqualTo("**");
		assertThat(mask.apply("")).isEqualTo("");
		assertThat(mask.apply("x😀ab😀")).as("code points, never half a surrogate pair").isEqualTo("*😀ab😀");
		assertThat(mask.apply(123456789L)).isEqualTo(new BigDecimal(6789));
		assertThat(mask.apply(-123456789L)).isEqualTo(new BigDecimal(-6789));
		assertThat(mask.apply(1234)).isEqualTo(BigDecimal.ZERO);
		assertThat(mask.apply(new BigDecimal("12.5"))).isEqualTo(new BigDecimal("0.0"));
		assertThat(mask.apply(LocalDate.of(2000, 1, 2))).isEqualTo(LocalDate.of(1970, 1, 1));
	}

	@Test
	void firstFourShowsTheFirstFourCharactersOrLeadingDigits() {
		Masks.FirstFour mask = new Masks.FirstFour();
		assertThat(mask.apply("4400000000000008")).isEqualTo("4400************");
		assertThat(mask.apply("abcd")).isEqualTo("****");
		assertThat(mask.apply("😀😀😀😀😀")).isEqualTo("😀😀😀😀*");
		assertThat(mask.apply(123456789)).isEqualTo(new BigDecimal(123400000));
		assertThat(mask.apply(-98765)).isEqualTo(new BigDecimal(-98760));
		assertThat(mask.apply(999)).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void constantReplacesEveryValueAndNeverBreaksTheType() {
		assertThat(new Masks.Constant("REDACTED").apply("secret")).isEqualTo("REDACTED");
		assertThat(new Masks.Constant("REDACTED").apply(42)).as("no text in a number column").isNull();
		assertThat(new Masks.Constant("-1").apply(42)).isEqualTo(new BigDecimal(-1));
		assertThat(new Masks.Constant("1900-01-01").apply(LocalDate.of(1980, 1, 1))).isEqualTo(LocalDate.of(1900, 1, 1));
		assertThat(new Masks.Constant("1900-01-01").apply(LocalDateTime.of(1980, 1, 1, 5, 0)))
			.isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
		assertThat(new Masks.Constant("x").apply(LocalDate.of(1980, 1, 1))).isNull();
	}

	@Test
	void constantDateGivesTheConfiguredDateInTheValuesType() {
		Masks.ConstantDate mask = new Masks.ConstantDate(LocalDate.of(1900, 1, 1));
		assertThat(mask.apply(LocalDate.of(1980, 5, 17))).isEqualTo(LocalDate.of(1900, 1, 1));
		assertThat(mask.apply(LocalDateTime.of(1980, 5, 17, 9, 30))).isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
		assertThat(mask.apply(OffsetDateTime.of(1980, 5, 17, 9, 30, 0, 0, ZoneOffset.ofHours(-5))))
			.isEqualTo(OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
		assertThat(mask.apply("1980-05-17")).isEqualTo("1900-01-01");
		assertThat(mask.apply(5)).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void hashesAreLowercaseHexSha256OfUtf8AsInTheWarehouses() {
		assertThat(new Masks.FullMaskHash().apply("abc")).isEqualTo(ABC_SHA256);
		assertThat(new Masks.FullMaskHash().apply("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assertThat(new Masks.FullMaskHash().apply("é")).as("over the UTF-8 bytes c3 a9, not ISO-8859-1")
			.isEqualTo(java.util.HexFormat.of().formatHex(sha256(new byte[] { (byte) 0xc3, (byte) 0xa9 })));
		assertThat((String) new Masks.FullMaskHash().apply(123)).isEqualTo(MaskValues.sha256Hex("123")).matches("[0-9a-f]{64}");
		assertThat(new Masks.EmailHash().apply("abc@example.com")).isEqualTo(ABC_SHA256 + "@example.com");
		assertThat(new Masks.EmailHash().apply("abc")).as("no email: hashed whole").isEqualTo(ABC_SHA256);
		assertThat(new Masks.LastFourHash().apply("abc1234")).isEqualTo(ABC_SHA256 + "1234");
		assertThat(new Masks.LastFourHash().apply("abc")).isEqualTo(ABC_SHA256);
	}

	@Test
	void yearOnlyKeepsTheYearInTheValuesType() {
		Masks.YearOnly mask = new Masks.YearOnly();
		assertThat(mask.apply(LocalDate.of(1980, 5, 17))).isEqualTo(LocalDate.of(1980, 1, 1));
		assertThat(mask.apply(LocalDateTime.of(1980, 5, 17, 9, 30))).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0));
		assertThat(mask.apply(OffsetDateTime.of(1980, 5, 17, 9, 30, 0, 0, ZoneOffset.ofHours(2))))
			.isEqualTo(OffsetDateTime.of(1980, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)));
		assertThat(mask.apply("1980-05-17")).isEqualTo("1980-01-01");
		assertThat(mask.apply("May 1980")).isEqualTo("********");
		assertThat(mask.apply(1980)).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void dateShiftMovesByAFixedOrAKeyedOffset() {
		Masks.DateShiftMask fixed = new Masks.DateShiftMask(DateShift.fixed(-30));
		assertThat(fixed.apply(LocalDate.of(2024, 3, 1))).isEqualTo(LocalDate.of(2024, 1, 31));
		assertThat(fixed.apply("2024-03-01")).isEqualTo("2024-01-31");
		assertThat(fixed.apply(LocalDateTime.of(2024, 3, 1, 12, 0))).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0));
		assertThat(fixed.apply(LocalDate.MIN)).as("out of range: full mask").isEqualTo(LocalDate.of(1970, 1, 1));
		assertThat(fixed.apply("soon")).isEqualTo("****");

		SecretKeySpec key = new SecretKeySpec(new byte[32], "HmacSHA256");
		Masks.DateShiftMask keyed = new Masks.DateShiftMask(DateShift.keyed(10, key));
		Set<Long> shifts = new LinkedHashSet<>();
		for (int day = 1; day <= 28; day++) {
			LocalDate date = LocalDate.of(2024, 2, day);
			LocalDate shifted = (LocalDate) keyed.apply(date);
			long days = java.time.temporal.ChronoUnit.DAYS.between(date, shifted);
			assertThat(days).isBetween(-10L, 10L).isNotZero();
			assertThat(keyed.apply(date)).as("the same value shifts the same way").isEqualTo(shifted);
			shifts.add(days);
		}
		assertThat(shifts).as("values shift by different offsets").hasSizeGreaterThan(3);
		Masks.DateShiftMask otherKey = new Masks.DateShiftMask(
				DateShift.keyed(10, new SecretKeySpec(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "HmacSHA256")));
		List<Object> mine = new ArrayList<>();
		List<Object> theirs = new ArrayList<>();
		for (int day = 1; day <= 28; day++) {
			mine.add(keyed.apply(LocalDate.of(2024, 2, day)));
			theirs.add(otherKey.apply(LocalDate.of(2024, 2, day)));
		}
		assertThat(theirs).as("the offsets depend on the key").isNotEqualTo(mine);
	}

	@Test
	void roundGivesANumberRoundedHalfUpToTheMultiple() {
		assertThat(new Masks.Round(new BigDecimal(100)).apply(new BigDecimal("1234.56"))).isEqualTo(new BigDecimal(1200));
		assertThat(new Masks.Round(new BigDecimal(100)).apply(1250)).isEqualTo(new BigDecimal(1300));
		assertThat(new Masks.Round(new BigDecimal("0.5")).apply(new BigDecimal("3.3"))).isEqualTo(new BigDecimal("3.5"));
		assertThat(new Masks.Round(new BigDecimal(1000)).apply(-1499)).isEqualTo(new BigDecimal(-1000));
		assertThat(new Masks.Round(new BigDecimal(1000)).apply(12)).isEqualTo(BigDecimal.ZERO);
		assertThat(new Masks.Round(new BigDecimal(10)).apply("87")).isEqualTo("90");
		assertThat(new Masks.Round(new BigDecimal(10)).apply("n/a")).isEqualTo("***");
		assertThat(new Masks.Round(new BigDecimal(10)).apply(2.5d)).isEqualTo(BigDecimal.ZERO);
	}

	@Test
	void numbersWithHugeExponentsAreNoNumbersToTheMasks() {
		BigDecimal huge = new BigDecimal("1e999999999");
		BigDecimal big = new BigDecimal("1e500000000");
		BigDecimal tiny = new BigDecimal("1e-999999999");
		for (BigDecimal number : List.of(huge, big, tiny)) {
			assertThat(new Masks.LastFour().apply(number)).as("last_four " + number).isEqualTo(BigDecimal.ZERO);
			assertThat(new Masks.FirstFour().apply(number)).as("first_four " + number).isEqualTo(BigDecimal.ZERO);
			assertThat(new Masks.Round(new BigDecimal("0.01")).apply(number)).as("round " + number).isEqualTo(BigDecimal.ZERO);
			assertThat(new Masks.FullMask().apply(number)).as("full_mask " + number).isEqualTo(BigDecimal.ZERO);
			assertThat((String) new Masks.FullMaskHash().apply(number)).as("hashes short scientific text")
				.isEqualTo(MaskValues.sha256Hex(number.toString()));
			assertThat(MaskValues.text(number)).hasSizeLessThan(20);
		}
		assertThat(MaskValues.parseNumber("1e999999999")).isNull();
		assertThat(MaskValues.parseNumber("1e1001")).isNull();
		assertThat(MaskValues.parseNumber("1e-1001")).isNull();
		assertThat(MaskValues.parseNumber("1e1000")).as("1001 digits before the point").isNull();
		assertThat(MaskValues.parseNumber("1e999")).isEqualByComparingTo("1e999");
		assertThat(MaskValues.parseNumber("1e-1000")).isEqualByComparingTo("1e-1000");
		assertThat(new Masks.Round(BigDecimal.TEN).apply("1e999999999")).isEqualTo("***********");
		assertThat(new Masks.LastFour().apply(new BigDecimal("1e20"))).as("ordinary exponents still count")
			.isEqualTo(BigDecimal.ZERO);
		assertThat(new Masks.FirstFour().apply(new BigDecimal("12345e3"))).isEqualTo(new BigDecimal("12340000"));
	}

	@Test
	void regexReplaceUsesLinearTimeRe2AndRejectsWhatRe2Cannot() {
		assertThat(new RegexReplaceMask("[0-9]", "#").apply("call 555-0123")).isEqualTo("call ###-####");
		assertThat(new RegexReplaceMask("(\\w+)@(\\w+)", "$2 at $1").apply("jane@example")).isEqualTo("example at jane");
		assertThat(new RegexReplaceMask("x", "y").apply(5)).isEqualTo(BigDecimal.ZERO);
		// the classic catastrophic pattern runs in linear time under RE2
		String evil = "a".repeat(50_000) + "!";
		assertThat(new RegexReplaceMask("(a+)+$", "z").apply(evil)).isEqualTo(evil);

		List<FieldError> errors = new ArrayList<>();
		assertThat(MaskSpec.parse("m", masking("regex_replace", "(a)\\1", "x"), Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("invalid_pattern");
		errors.clear();
		assertThat(MaskSpec.parse("m", masking("regex_replace", "(?=a)", "x"), Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("invalid_pattern");
		errors.clear();
		assertThat(MaskSpec.parse("m", masking("regex_replace", "(a)", "$2"), Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::field, FieldError::code)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("m.replacement", "invalid_format"));
		errors.clear();
		assertThat(MaskSpec.parse("m", masking("regex_replace", "(a)", "[$1]"), Set.of(), errors)).isNotNull();
		assertThat(errors).isEmpty();
	}

	@Test
	void regexPatternsWhoseRepeatsMultiplyOrThatMatchEmptyAreRefusedBeforeCompiling() {
		// RE2/J bounds each {n} at 1000 but compiles (a{1000}){1000} to a million instructions, and
		// ((a{1000}){1000}){1000} runs out of memory while compiling: both are refused unread
		assertThat(patternErrors("(a{1000}){1000}")).containsExactly("invalid_pattern");
		assertThat(patternErrors("((a{1000}){1000}){1000}")).containsExactly("invalid_pattern");
		assertThat(patternErrors("(?:(?:a{10}){10}){11}")).as("1100 nested").containsExactly("invalid_pattern");
		assertThat(patternErrors("(?P<n>[0-9]{100}){11}")).containsExactly("invalid_pattern");
		assertThat(patternErrors("\\p{L}{40}(\\x{41}{30})")).isEmpty();
		assertThat(patternErrors("(?:[0-9]{1000}){1}[a-z]{1000}[A-Z]{1000}[0-9]{1000}[a-z]{1000}x{1000}"))
			.as("expanded size past 5000").containsExactly("invalid_pattern");
		assertThat(patternErrors("(?:a{30}){30}")).as("900 is fine").isEmpty();
		assertThat(patternErrors("[0-9]{3}-[0-9]{2}-[0-9]{4}")).isEmpty();
		assertThat(patternErrors("[{]{5}a{,5}")).as("braces that start no repeat are literals").isEmpty();
		assertThat(patternErrors("(".repeat(21) + "a" + ")".repeat(21))).containsExactly("invalid_pattern");
		assertThat(patternErrors("(".repeat(20) + "a" + ")".repeat(20))).isEmpty();
		// a pattern that can match the empty string puts its replacement between every two characters
		for (String empty : List.of("", "x*", "^", "$", "\\b", "a|", "(?i)", "(?P<n>a*)", "(?i:a?)", "a{0}", "(?:)",
				"\\Q\\E", "[a]*|b")) {
			assertThat(patternErrors(empty)).as(empty).containsExactly("invalid_pattern");
		}
		for (String fine : List.of("a", "\\ba", "(?:a|b*c)", "^x$", "a{0,3}b", "[*]", "\\Q*\\E", "(?i)x")) {
			assertThat(patternErrors(fine)).as(fine).isEmpty();
		}
		List<FieldError> errors = new ArrayList<>();
		MaskSpec spec = MaskSpec.parse("m", masking("regex_replace", "[0-9]", "#"), Set.of(), errors);
		assertThat(spec.compiledPattern().pattern()).as("compiled once, when validated").isEqualTo("[0-9]");
	}

	@Test
	void regexReplaceStopsBuildingAtItsBudgetAndFullyMasksInstead() {
		assertThat(new RegexReplaceMask(".", "x".repeat(20)).apply("abc")).isEqualTo("x".repeat(60));
		String text = "a".repeat(200_000);
		// an empty pattern (refused by validation) with a 256-character replacement would give 257 times the input
		RegexReplaceMask growing = new RegexReplaceMask("", "y".repeat(256));
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThat(growing.apply(text)).isEqualTo("*".repeat(200_000));
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(allocated).as("stops at the budget (16x the input) instead of building 51 MB first")
			.isLessThan(32L * 1024 * 1024);
		assertThat(new RegexReplaceMask("a", "$0$0").apply("a".repeat(10_000))).as("within 16x + 4096")
			.isEqualTo("a".repeat(20_000));
		assertThat(new RegexReplaceMask("(a)", "$1".repeat(17)).apply("a".repeat(10_000)))
			.as("17x is past the budget").isEqualTo("*".repeat(10_000));
	}

	private static List<String> patternErrors(String pattern) {
		List<FieldError> errors = new ArrayList<>();
		MaskSpec.parse("m", masking("regex_replace", pattern, "x"), Set.of(), errors);
		return errors.stream().map(FieldError::code).toList();
	}

	@Test
	void typesAreFoundByNameOrAltrIdAndOrderedFromMostPermissive() {
		assertThat(MaskingType.find("10000")).contains(MaskingType.NO_MASK);
		assertThat(MaskingType.find("10001")).contains(MaskingType.FULL_MASK);
		assertThat(MaskingType.find("10002")).contains(MaskingType.EMAIL);
		assertThat(MaskingType.find("10003")).contains(MaskingType.LAST_FOUR);
		assertThat(MaskingType.find("10004")).contains(MaskingType.CONSTANT);
		assertThat(MaskingType.find("10006")).contains(MaskingType.FULL_MASK_HASH);
		assertThat(MaskingType.find("10007")).contains(MaskingType.EMAIL_HASH);
		assertThat(MaskingType.find("10008")).contains(MaskingType.LAST_FOUR_HASH);
		assertThat(MaskingType.find("10009")).contains(MaskingType.CONSTANT_DATE);
		assertThat(MaskingType.find("10005")).isEmpty();
		assertThat(MaskingType.find("Last_Four")).contains(MaskingType.LAST_FOUR);
		List<String> documented = List.of("no_mask", "detokenize", "date_shift", "round", "year_only", "regex_replace",
				"email", "last_four", "first_four", "tokenize", "email_hash", "last_four_hash", "full_mask_hash",
				"constant_date", "constant", "full_mask", "null");
		assertThat(Arrays.stream(MaskingType.values()).map(MaskingType::value).toList()).isEqualTo(documented);
		for (MaskingType type : MaskingType.values()) {
			assertThat(type.rank()).as(type.value()).isEqualTo(documented.indexOf(type.value()));
		}
		// the order the API documents is this order
		assertThat(ColumnPoliciesController.class.getAnnotation(io.swagger.v3.oas.annotations.tags.Tag.class).description())
			.contains("(order: " + String.join(", ", documented) + ")");
		List<String> schemaOrder = new ArrayList<>();
		java.util.regex.Matcher names = java.util.regex.Pattern.compile("`([a-z_]+)`")
			.matcher(Masking.class.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class).description());
		while (names.find()) {
			schemaOrder.add(names.group(1));
		}
		assertThat(schemaOrder).isEqualTo(documented);
	}

	@Test
	void parametersAreRequiredWhereTheTypeNeedsThemAndRefusedElsewhere() {
		List<FieldError> errors = new ArrayList<>();
		assertThat(MaskSpec.parse("m", new Masking("constant", null, null, null, null, null, null, null, null, null), Set.of(),
				errors)).isNull();
		assertThat(errors).extracting(FieldError::field, FieldError::code)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("m.constant", "required"));
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking(10003, null, "x", null, null, null, null, null, null, null), Set.of(),
				errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("not_applicable");
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking("date_shift", null, null, null, 0, null, null, null, null, null),
				Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("out_of_range");
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking("date_shift", null, null, null, 5, 5, null, null, null, null),
				Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("required");
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking("tokenize", null, null, null, null, null, null, null, null, "nope"),
				Set.of("card"), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("unknown_format");
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking("round", null, null, null, null, null, null, null, BigDecimal.ZERO, null),
				Set.of(), errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("out_of_range");
		errors.clear();
		assertThat(MaskSpec.parse("m", new Masking(true, null, null, null, null, null, null, null, null, null), Set.of(),
				errors)).isNull();
		assertThat(errors).extracting(FieldError::code).containsExactly("invalid_type");
		errors.clear();
		MaskSpec date = MaskSpec.parse("m", new Masking(10009, null, null, null, null, null, null, null, null, null),
				Set.of(), errors);
		assertThat(date.view().date()).isEqualTo("1970-01-01");
		assertThat(date.view().type()).isEqualTo("constant_date");
		assertThat(date.view().altrId()).isEqualTo(10009);
	}

	@Test
	void tokenizingMasksCallTheVaultOncePerBatchAndFullMaskTheFailures() {
		List<List<String>> calls = new ArrayList<>();
		TokenService tokens = new TokenService() {
			@Override
			public Set<String> formats() {
				return Set.of("digits");
			}

			@Override
			public boolean formatRequiredToDetokenize(String format) {
				return false;
			}

			@Override
			public List<String> tokenize(String format, List<String> values) {
				calls.add(values);
				return values.stream().map(v -> v.matches("[0-9]+") ? "T" + v.length() : null).toList();
			}

			@Override
			public List<String> detokenize(String format, List<String> values) {
				calls.add(values);
				return values.stream().map(v -> v.startsWith("T") ? "orig" : null).toList();
			}
		};
		TokenMasks.Tokenize tokenize = new TokenMasks.Tokenize(tokens, "digits");
		assertThat(tokenize.applyAll(Arrays.asList("123", null, "abc", 42))).containsExactly("T3", null, "***", "T2");
		assertThat(calls).hasSize(1);
		assertThat(calls.get(0)).containsExactly("123", "abc", "42");
		assertThat(new TokenMasks.Detokenize(tokens, null).applyAll(Arrays.asList("T3", "x"))).containsExactly("orig", "*");
		assertThat(tokenize.applyAll(Arrays.asList(null, null))).containsExactly(null, null);
		assertThat(calls).as("no call for a batch of NULLs").hasSize(2);
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Masking masking(String type, String pattern, String replacement) {
		return new Masking(type, null, null, null, null, null, pattern, replacement, null, null);
	}

	/**
	 * The byte path the governed query takes for ASCII text gives exactly the bytes of the
	 * {@code String} path, for every text mask that has one: random ASCII (control characters, quotes,
	 * several or no {@code @}, empty) and the edge lengths around four.
	 */
	@Test
	void asciiByteMasksGiveExactlyTheTextMasksResult() {
		java.util.Random random = new java.util.Random(20261123);
		List<String> texts = new ArrayList<>(List.of("", "a", "ab@", "@ab", "@", "a@b", "a@@b", "a@b@c", "1234", "12345",
				"jane.doe@example.com", "4111111111111111", "\u0000\u001f\"\\@x"));
		String alphabet = "ab@.-_ 09\"\\\u0000\u0007\u007f~";
		for (int i = 0; i < 5000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(24);
			for (int j = 0; j < length; j++) {
				text.append(random.nextInt(4) == 0 ? (char) random.nextInt(128) : alphabet.charAt(random.nextInt(alphabet.length())));
			}
			texts.add(text.toString());
		}
		for (AsciiTextMask mask : List.of(new Masks.FullMask(), new Masks.EmailMask(), new Masks.LastFour(),
				new Masks.FirstFour())) {
			for (String text : texts) {
				byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
				byte[] copy = bytes.clone();
				byte[] masked = mask.maskAscii(bytes);
				assertThat(new String(masked, java.nio.charset.StandardCharsets.US_ASCII)).as(mask + " of " + text)
					.isEqualTo(mask.apply(text));
				assertThat(bytes).as("the input is left as it was").isEqualTo(copy);
				mask.maskAsciiInPlace(bytes);
				assertThat(bytes).as("in place, " + mask + " of " + text).isEqualTo(masked);
			}
		}
	}
}
