package dev.coffer.classification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Spans, scores and offsets of the text inspector. */
class TextInspectorTest {

	private final TextInspector inspector = Classifiers.textInspector();

	private String found(String text) {
		StringBuilder out = new StringBuilder();
		for (Finding finding : this.inspector.inspect(text)) {
			out.append(finding.type().apiName()).append('=').append(text, finding.start(), finding.end()).append(';');
		}
		return out.toString();
	}

	@Test
	void contextWordsMatchAsWholeWordsOnly() {
		ContextWords lic = ContextWords.of(List.of(Set.of("zip"), Set.of("lic")));
		assertThat(Tokens.of("public 02139", lic).contextNear(1, 1, 0b10, 6)).isFalse();
		assertThat(Tokens.of("lic 02139", lic).contextNear(1, 1, 0b10, 6)).isTrue();
		assertThat(Tokens.of("lic. 02139", lic).contextNear(1, 1, 0b10, 6)).isTrue();
		assertThat(Tokens.of("lic. 02139", lic).contextNear(1, 1, 0b01, 6)).isFalse();
		assertThat(found("The zipper 02139 broke.")).isEmpty();
		assertThat(found("The zip 02139 is right.")).isEqualTo("postal_code=02139;");
		assertThat(TextInspector.words("(SSN):")).containsExactly("ssn");
		assertThat(TextInspector.words("D.O.B.")).containsExactly("dob");
	}

	@Test
	void weakValuesNeedContextAndValidatedOnesDoNot() {
		assertThat(found("Passport number C01X00T47 was scanned.")).isEqualTo("passport_number=C01X00T47;");
		assertThat(found("Box C01X00T47 was scanned.")).isEmpty();
		assertThat(found("Date of birth: March 12, 1985.")).isEqualTo("date_of_birth=March 12, 1985;");
		assertThat(found("The release shipped on March 12, 1985.")).isEmpty();
		assertThat(found("Card 4111 1111 1111 1111 was declined.")).isEqualTo("payment_card=4111 1111 1111 1111;");
		assertThat(found("Reference 4111 1111 1111 1112 was declined.")).isEmpty();
		assertThat(found("Upgrade to version 1.2.3.4 now.")).isEmpty();
		assertThat(found("Login from 10.1.2.3 failed.")).isEqualTo("ip_address=10.1.2.3;");
	}

	@Test
	void findsEveryKindInOneTextWithExactOffsets() {
		String text = "Contact Jane Smith at jane.smith@example.com or (650) 253-0000. SSN: 536-22-1234, IBAN GB82 WEST 1234 5698 7654 32."
				+ " Key AKIAIOSFODNN7EXAMPLE from 2001:db8::ff00:42:8329, location 40.7128, -74.0060; see https://example.com/a.";
		assertThat(found(text)).isEqualTo("person_name=Jane Smith;email=jane.smith@example.com;phone=(650) 253-0000;"
				+ "us_ssn=536-22-1234;iban=GB82 WEST 1234 5698 7654 32;aws_access_key=AKIAIOSFODNN7EXAMPLE;"
				+ "ip_address=2001:db8::ff00:42:8329;geo_coordinate=40.7128, -74.0060;url=https://example.com/a;");
	}

	@Test
	void offsetsAreUtf16CodeUnits() {
		String text = "\uD83D\uDE00 caf\u00e9 mail: jane@example.com";
		List<Finding> findings = this.inspector.inspect(text);
		assertThat(findings).hasSize(1);
		assertThat(text.substring(findings.get(0).start(), findings.get(0).end())).isEqualTo("jane@example.com");
		assertThat(findings.get(0).start()).isEqualTo(text.indexOf("jane"));
	}

	@Test
	void typesAndMinScoreFilter() {
		String text = "mail jane@example.com, call (650) 253-0000";
		assertThat(this.inspector.inspect(text, EnumSet.of(DetectedType.PHONE), 0.5)).extracting(Finding::type)
			.containsExactly(DetectedType.PHONE);
		assertThat(this.inspector.inspect("jane@example.com (650) 253-0000", EnumSet.allOf(DetectedType.class), 0.95)).isEmpty();
	}

	@Test
	void aPemBlockIsOneFindingAndItsLinesAreNotKeysOfTheirOwn() {
		String pem = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ\nYx2eqzDV+xeG8kx/sQFV18S5JGzC=\n-----END PRIVATE KEY-----";
		String text = "Here is the key:\n" + pem + "\nDo not share it.";
		assertThat(found(text)).isEqualTo("private_key=" + pem + ";");
	}

	@Test
	void contextWordsOfAsciiTokensAreTheWordsOfTheTokenLowerCased() {
		List<Set<String>> lists = List.of(Set.of("ssn", "dob"), Set.of("phone", "key"), Set.of("eg", "e", "g"),
				Set.of("strasse", "straße"), Set.of("tel", "2"));
		ContextWords words = ContextWords.of(lists);
		String text = "(SSN): D.O.B. Phone#2 KEY=abc e.g. STRASSE Straße \u212Aey \u0130d Tel.: tel-2 x_y \u00e9 SSN\u2019s";
		for (String token : text.split(" ")) {
			long expected = 0;
			for (String word : TextInspector.words(token)) {
				for (int i = 0; i < lists.size(); i++) {
					expected |= lists.get(i).contains(word) ? 1L << i : 0;
				}
			}
			int start = text.indexOf(token);
			assertThat(words.of(text, start, start + token.length())).as(token).isEqualTo(expected);
		}
		assertThat(words.of("x PHONE y", 2, 7)).isEqualTo(0b10);
	}

	@Test
	void overlappingFindingsResolveAsTheGreedyChoiceByScoreLengthAndType() {
		Random random = new Random(7);
		DetectedType[] types = DetectedType.values();
		double[] scores = { 0.5, 0.6, 0.75, 0.85, 0.95 };
		for (int round = 0; round < 2_000; round++) {
			int n = random.nextInt(round % 10 == 0 ? 300 : 12);
			int span = 1 + random.nextInt(round % 3 == 0 ? 40 : 400);
			Set<Finding> distinct = new LinkedHashSet<>();
			for (int i = 0; i < n; i++) {
				int start = random.nextInt(span);
				distinct.add(new Finding(types[random.nextInt(types.length)], start, start + 1 + random.nextInt(12),
						scores[random.nextInt(scores.length)]));
			}
			List<Finding> found = new ArrayList<>(distinct);
			if (random.nextBoolean()) {
				found.sort(Comparator.comparingInt(Finding::start));
			}
			List<Finding> expected = greedy(found);
			assertThat(TextInspector.resolve(new ArrayList<>(found))).as("round " + round).isEqualTo(expected);
		}
	}

	/** The definition: best first, keep what overlaps nothing kept, then text order. */
	private static List<Finding> greedy(List<Finding> found) {
		List<Finding> ranked = new ArrayList<>(found);
		ranked.sort(Comparator.comparingDouble(Finding::score)
			.reversed()
			.thenComparing(Comparator.comparingInt((Finding f) -> f.end() - f.start()).reversed())
			.thenComparingInt(f -> Detectors.priority(f.type()))
			.thenComparingInt(Finding::start));
		List<Finding> kept = new ArrayList<>();
		for (Finding finding : ranked) {
			if (kept.stream().noneMatch(k -> k.start() < finding.end() && finding.start() < k.end())) {
				kept.add(finding);
			}
		}
		kept.sort(Comparator.comparingInt(Finding::start));
		return kept;
	}

	@Test
	void pemBlocksEndWhereThePemPatternEndsThem() {
		String body = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ\nYx2eqzDV+xeG8kx/sQFV18S5JGzC=\n";
		List<String> texts = List.of("-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----",
				"-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY----- and more",
				"-----BEGIN PGP PRIVATE KEY BLOCK-----\n" + body + "-----END PGP PRIVATE KEY BLOCK-----",
				"-----BEGIN PGP PRIVATE KEY BLOCK-----\n" + body + "-----END PGP PRIVATE KEY-----",
				"-----BEGIN EC PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----\n" + body + "-----END EC PRIVATE KEY-----",
				"-----BEGIN PRIVATE KEY-----\n" + body + "!-----END PRIVATE KEY-----",
				"-----BEGIN PRIVATE KEY-----\nMIIBVQIBADAN-----END PRIVATE KEY-----",
				"-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkq-----END PRIVATE KEY-----",
				"-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgk-----END PRIVATE KEY-----\nMIIB-----END PRIVATE KEY-----",
				"-----BEGIN PUBLIC KEY-----\n" + body + "-----END PUBLIC KEY-----",
				"-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY----",
				"-----BEGIN PRIVATE KEY-----\n" + body.replace('A', '\u00c4') + "-----END PRIVATE KEY-----");
		for (String text : texts) {
			for (int limit : new int[] { text.length(), text.length() - 1, 60 }) {
				Matcher matcher = PrivateKeyDetector.PEM.matcher(text);
				matcher.region(0, Math.min(limit, text.length()));
				int expected = matcher.lookingAt() ? matcher.end() : -1;
				assertThat(PrivateKeyDetector.blockEnd(text, 0, Math.min(limit, text.length()))).as(text).isEqualTo(expected);
			}
		}
		assertThat(PrivateKeyDetector.blockEnd(texts.get(0), 0, texts.get(0).length())).isEqualTo(texts.get(0).length());
	}
}
