package dev.coffer.classification;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detector against published valid examples of its standard and near misses that must fail. */
class DetectorsTest {

	static Match check(Detector detector, String value) {
		Shape shape = Shape.of(value);
		return detector.accepts(shape) ? detector.check(value) : Match.NONE;
	}

	static void strong(Detector detector, String... values) {
		for (String value : values) {
			assertThat(check(detector, value)).as(detector.type() + " " + value).isEqualTo(Match.STRONG);
		}
	}

	static void weak(Detector detector, String... values) {
		for (String value : values) {
			assertThat(check(detector, value)).as(detector.type() + " " + value).isEqualTo(Match.WEAK);
		}
	}

	static void none(Detector detector, String... values) {
		for (String value : values) {
			assertThat(check(detector, value)).as(detector.type() + " " + value).isEqualTo(Match.NONE);
		}
	}

	@Test
	void paymentCardsNeedLuhnAndAnIssuerRange() {
		Detector cards = new PaymentCardDetector();
		// test numbers the networks publish for their sandboxes
		strong(cards, "4111111111111111", "4012888888881881", "5555555555554444", "5105105105105100", "2223003122003222",
				"378282246310005", "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000",
				"3566002020360505", "30569309025904", "38520000023237", "6200000000000005", "4111 1111 1111 1111",
				"4111-1111-1111-1111", "3782 822463 10005");
		none(cards, "4111111111111112", "1234567812345670", "0000000000000000", "4111 1111-1111 1111", "41111111111111",
				"9111111111111111", "4111 11 11 1111 1111");
		assertThat(Checksums.luhn("79927398713")).isTrue();
		assertThat(Checksums.luhn("79927398710")).isFalse();
	}

	@Test
	void ibansNeedTheirCountryLengthAndMod97() {
		Detector ibans = new IbanDetector();
		// ISO 13616 and SWIFT registry examples
		strong(ibans, "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
				"FR1420041010050500013M02606", "NL91ABNA0417164300", "BE68539007547034", "CH9300762011623852957",
				"NO9386011117947");
		none(ibans, "GB82WEST12345698765433", "DE8937040044053201300", "XX82WEST12345698765432", "GB82 WEST 123 45698 7654 32");
	}

	@Test
	void socialSecurityNumbersFollowTheAssignmentRules() {
		Detector ssn = new SsnDetector();
		strong(ssn, "123-45-6789", "536-22-1234", "772 10 4521");
		weak(ssn, "536221234");
		none(ssn, "000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000", "078-05-1120",
				"219-09-9999", "123-456-789", "123-45-678", "12a-45-6789");
	}

	@Test
	void nationalInsuranceNumbersFollowHmrcPrefixAndSuffixRules() {
		Detector nino = new NinoDetector();
		strong(nino, "AB123456C", "AB 12 34 56 C", "JG103759A", "ZX654321D");
		none(nino, "GB123456A", "BG123456A", "NK123456A", "TN123456A", "ZZ123456A", "DA123456A", "FA123456A",
				"QQ123456C", "AO123456A", "AB123456E", "AB12345C", "AB 123456 C");
	}

	@Test
	void socialInsuranceNumbersPassLuhnAndStartWithAnIssuedDigit() {
		Detector sin = new SinDetector();
		// 046 454 286 is the number the Government of Canada uses to explain the check digit (Luhn)
		assertThat(Checksums.luhn("046454286")).isTrue();
		none(sin, "046 454 286", "046 454 287", "846 454 286");
		strong(sin, "130 692 544", "130-692-544");
		weak(sin, "130692544");
		none(sin, "130 692 545", "130 692-544");
	}

	@Test
	void routingNumbersPassTheAbaChecksumAndAFederalReservePrefix() {
		Detector aba = new AbaRoutingDetector();
		strong(aba, "011000015", "021000021", "026009593", "121000248", "322271627");
		none(aba, "021000022", "121000249", "991000017", "000000000", "02100002", "0210000210");
	}

	@Test
	void vinsNeedTheNinthCharacterCheckDigit() {
		Detector vin = new VinDetector();
		// the worked example of 49 CFR 565 check digits, and a Honda VIN
		strong(vin, "1M8GDM9AXKP042788", "1HGCM82633A004352");
		none(vin, "1M8GDM9A1KP042788", "1HGCM82643A004352", "1M8GDM9AXKP04278", "1M8GDM9AXKP0427O8");
		assertThat(Checksums.vinCheckDigit("1M8GDM9A_KP042788".replace('_', '0'))).isEqualTo('X');
	}

	@Test
	void phonesAreValidNumbersOfTheirNumberingPlan() {
		Detector phones = new PhoneDetector();
		strong(phones, "+1 650-253-0000", "(650) 253-0000", "650-253-0000", "650.253.0000", "+442079460958",
				"+44 20 7946 0958", "+49 30 901820", "+33 1 42 68 53 00");
		weak(phones, "6502530000");
		none(phones, "+1 555-555-5555", "123-45-6789", "4111111111111111", "2024-03-12", "12345", "+1 650-253-000");
	}

	@Test
	void ipAddressesAreParsedStrictlyWithoutLookups() {
		Detector ips = new IpAddressDetector();
		strong(ips, "192.168.1.1", "8.8.8.8", "0.0.0.0", "255.255.255.255", "2001:db8::ff00:42:8329",
				"2001:0db8:0000:0000:0000:ff00:0042:8329", "::1", "fe80::1", "::ffff:192.0.2.128");
		none(ips, "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "2001:db8::g1",
				"10:22:33", "localhost", "1.2.3.4/24");
	}

	@Test
	void macAddressesUseOneSeparatorKind() {
		Detector macs = new MacAddressDetector();
		strong(macs, "00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001A.2B3C.4D5E");
		none(macs, "00:1A-2B:3C:4D:5E", "00:00:00:00:00:00", "00:1A:2B:3C:4D", "001A2B3C4D5E", "10:22:33:44:55:GG");
	}

	@Test
	void credentialsAreRecognisedByStructure() {
		strong(new AwsAccessKeyDetector(), "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE");
		none(new AwsAccessKeyDetector(), "AKIAIOSFODNN7EXAMPL", "AKIBIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPL1");
		// the example token of RFC 7519 tooling (jwt.io)
		strong(new JwtDetector(), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
		// {"typ":"JWT"} has no alg
		none(new JwtDetector(), "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
				"eyJhbGciOiJIUzI1NiJ9.not base64.x", "example.com.au.something.long");
		String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END RSA PRIVATE KEY-----";
		strong(new PrivateKeyDetector(), pem);
		none(new PrivateKeyDetector(), pem.replace("END RSA", "END EC"), pem.replace("PRIVATE", "PUBLIC"));
		Detector keys = new ApiKeyDetector();
		strong(keys, "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "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");
		weak(keys, "X7hK2mQ9vL4pR8sT1wY6zB3nC5dF0gJa");
		none(keys, "5d41402abc4b2a76b9719d911017c592", "123e4567-e89b-12d3-a456-426614174000", "ThisIsALongIdentifierName",
				"aaaaaaaaaaaaaaaaaaaaaaaa1", "sk_live_short");
	}

	@Test
	void datesOfBirthAreRealPastDatesAndAlwaysWeak() {
		Detector dob = new DateOfBirthDetector();
		weak(dob, "1985-03-12", "03/12/1985", "12.03.1985", "March 12, 1985", "12 Mar 1985", "1985-03-12 00:00:00",
				"3/1/1985", "1985/3/1", "1985-03-12T10:15:30Z", "Mar. 1st, 1985", "1st March 1985", "12th Mar. 1985");
		none(dob, "1985-02-30", "1885-03-12", "2999-01-01", "13/13/1985", "1.4.2", "March 32, 1985");
	}

	@Test
	void namesAddressesPostalCodesPassportsAndCoordinates() {
		Detector names = new PersonNameDetector();
		strong(names, "John Smith", "Smith, John", "Mary A. Johnson", "JOHN SMITH", "Dr. Maria Garcia", "Patrick O'Brien");
		weak(names, "Smith", "Jennifer");
		none(names, "Wireless Mouse", "john smith", "Main Street", "Will May", "John 3 Smith", "the smith");
		Detector streets = new StreetAddressDetector();
		strong(streets, "1600 Pennsylvania Avenue NW", "221B Baker Street", "742 Evergreen Terrace", "4500 N Lake Shore Dr Apt 5",
				"123 Main St, Springfield, IL 62704");
		none(streets, "12 Monkeys", "Main Street", "3 items shipped", "1600 Pennsylvania");
		Detector postal = new PostalCodeDetector();
		strong(postal, "SW1A 1AA", "EC1A 1BB", "K1A 0B1", "12345-6789");
		weak(postal, "02139", "1234 AB");
		none(postal, "00000", "1234", "Q1A 0B1", "ABCDE");
		weak(new PassportDetector(), "123456789", "C01X00T47", "AB123456");
		none(new PassportDetector(), "1234", "ABCDEFGHI");
		Detector geo = new GeoCoordinateDetector();
		strong(geo, "40.7128, -74.0060", "(48.8584,2.2945)");
		weak(geo, "40.71, -74.01", "40.712800", "-74.006");
		none(geo, "95.1234, 10.1234", "40.1234, 190.1234", "0.0, 0.0", "1.4.2", "19.99");
		strong(new UrlDetector(), "https://www.example.com/path?q=1", "http://10.0.0.1:8080/", "www.example.org");
		none(new UrlDetector(), "example.com", "https://", "mailto:a@b.com", "file:///etc/passwd");
		strong(new EmailDetector(), "jane.doe@example.com", "a+tag@sub.example.co.uk");
		none(new EmailDetector(), "jane@localhost", "@example.com", "jane.doe@", "jane doe@example.com", "jane@@example.com");
	}

	@Test
	void everyDetectedTypeHasADetectorAndEveryWordListLoads() {
		assertThat(Detectors.ALL.stream().map(Detector::type).distinct()).hasSize(DetectedType.values().length);
		for (Detector detector : Detectors.ALL) {
			assertThat(List.of(detector.nameWords(), detector.contextWords(), detector.nameBlockers())).doesNotContainNull();
		}
		assertThat(NameLists.FIRST).contains("john", "mary").hasSizeGreaterThan(4000);
		assertThat(NameLists.LAST).contains("smith", "garcia").hasSize(10_000);
	}
}
