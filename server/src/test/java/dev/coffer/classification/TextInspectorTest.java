package dev.coffer.classification;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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
		assertThat(Tokens.of("public 02139").contextNear(1, 1, Set.of("lic"), 6)).isFalse();
		assertThat(Tokens.of("lic 02139").contextNear(1, 1, Set.of("lic"), 6)).isTrue();
		assertThat(Tokens.of("lic. 02139").contextNear(1, 1, Set.of("lic"), 6)).isTrue();
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
}
