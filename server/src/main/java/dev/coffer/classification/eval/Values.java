package dev.coffer.classification.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Realistic synthetic values, drawn from a seeded {@link Random}: the same seed gives the same values. */
final class Values {

	private static final List<String> FIRST = load("classification/first-names.txt", 6000);

	private static final List<String> LAST = load("classification/last-names.txt", 3000);

	private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

	static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String[] DOMAINS = { "example.com", "mail.com", "acme.org", "corp.example.net", "gmail.com",
			"yahoo.co.uk", "outlook.com", "uni-example.edu", "posteo.de", "fastmail.fm" };

	private static final String[] STREETS = { "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake",
			"Hill", "Sunset", "Lincoln", "Jackson", "Church", "Highland", "Meadow", "Ridge", "Walnut", "Chestnut",
			"Spring", "Willow", "Franklin", "Madison", "Park", "Riverside", "Forest", "Evergreen", "Mill", "Center" };

	private static final String[] SUFFIXES = { "Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd",
			"Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Place", "Way", "Terrace", "Circle", "Parkway" };

	private static final String[] CITIES = { "Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton",
			"Fairview", "Salem", "Madison", "Georgetown", "Arlington", "Ashland", "Dover", "Oxford", "Milton" };

	private static final String[] STATES = { "CA", "NY", "TX", "IL", "WA", "MA", "OR", "CO", "FL", "GA" };

	private final Random random;

	Values(Random random) {
		this.random = random;
	}

	int nextInt(int bound) {
		return this.random.nextInt(bound);
	}

	boolean chance(double p) {
		return this.random.nextDouble() < p;
	}

	<T> T pick(List<T> items) {
		return items.get(this.random.nextInt(items.size()));
	}

	String pick(String... items) {
		return items[this.random.nextInt(items.length)];
	}

	String digits(int n) {
		StringBuilder out = new StringBuilder(n);
		for (int i = 0; i < n; i++) {
			out.append((char) ('0' + this.random.nextInt(10)));
		}
		return out.toString();
	}

	String chars(String alphabet, int n) {
		StringBuilder out = new StringBuilder(n);
		for (int i = 0; i < n; i++) {
			out.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return out.toString();
	}

	// ---- people

	String firstName() {
		return capitalize(pick(FIRST));
	}

	String lastName() {
		return capitalize(pick(LAST));
	}

	String fullName() {
		return switch (this.random.nextInt(10)) {
			case 0 -> lastName() + ", " + firstName();
			case 1 -> firstName() + " " + (char) ('A' + this.random.nextInt(26)) + ". " + lastName();
			default -> firstName() + " " + lastName();
		};
	}

	String email() {
		String first = pick(FIRST);
		String last = pick(LAST);
		String local = switch (this.random.nextInt(5)) {
			case 0 -> first + "." + last;
			case 1 -> first.charAt(0) + last;
			case 2 -> first + "_" + last + this.random.nextInt(100);
			case 3 -> first + this.random.nextInt(10_000);
			default -> last + "." + first.charAt(0);
		};
		String address = local + "@" + pick(DOMAINS);
		return chance(0.1) ? capitalize(address) : address;
	}

	String phone() {
		String region = pick("US", "US", "US", "US", "GB", "DE", "FR", "CA", "AU", "IN");
		PhoneNumber number = validNumber(region);
		if (region.equals("US") || region.equals("CA")) {
			return switch (this.random.nextInt(5)) {
				case 0 -> PHONES.format(number, PhoneNumberFormat.E164);
				case 1 -> PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
				case 2 -> PHONES.format(number, PhoneNumberFormat.NATIONAL);
				case 3 -> PHONES.format(number, PhoneNumberFormat.NATIONAL).replace("(", "").replace(") ", "-");
				default -> PHONES.format(number, PhoneNumberFormat.NATIONAL).replace("(", "").replace(") ", ".").replace('-', '.');
			};
		}
		return chance(0.5) ? PHONES.format(number, PhoneNumberFormat.E164) : PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
	}

	/** A number in an assigned range: the region's example number with random last digits, until valid. */
	private PhoneNumber validNumber(String region) {
		PhoneNumber example = PHONES.getExampleNumberForType(region, region.equals("US") || region.equals("CA")
				? PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE : PhoneNumberUtil.PhoneNumberType.MOBILE);
		String national = Long.toString(example.getNationalNumber());
		for (int attempt = 0; attempt < 100; attempt++) {
			String candidate;
			if (region.equals("US") || region.equals("CA")) {
				candidate = (2 + this.random.nextInt(8)) + digits(2) + (2 + this.random.nextInt(8)) + digits(6);
			}
			else {
				int keep = Math.max(2, national.length() - 6);
				candidate = national.substring(0, keep) + digits(national.length() - keep);
			}
			PhoneNumber number = new PhoneNumber().setCountryCode(example.getCountryCode())
				.setNationalNumber(Long.parseLong(candidate));
			if (PHONES.isValidNumber(number) && PHONES.getRegionCodeForNumber(number).equals(region)) {
				return number;
			}
		}
		return example;
	}

	String ssn(boolean dashed) {
		int area;
		do {
			area = 1 + this.random.nextInt(899);
		}
		while (area == 666);
		String digits = String.format(Locale.ROOT, "%03d%02d%04d", area, 1 + this.random.nextInt(99),
				1 + this.random.nextInt(9999));
		return dashed ? digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5) : digits;
	}

	String dateOfBirth(int style) {
		LocalDate date = LocalDate.of(1930, 1, 1).plusDays(this.random.nextInt(365 * 76));
		return switch (style) {
			case 0 -> date.toString();
			case 1 -> String.format(Locale.ROOT, "%02d/%02d/%04d", date.getMonthValue(), date.getDayOfMonth(), date.getYear());
			case 2 -> String.format(Locale.ROOT, "%02d.%02d.%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
			default -> capitalize(date.getMonth().name().toLowerCase(Locale.ROOT)) + " " + date.getDayOfMonth() + ", "
					+ date.getYear();
		};
	}

	String streetAddress(boolean withCity) {
		String street = (1 + this.random.nextInt(9999)) + " " + (chance(0.15) ? pick("N", "S", "E", "W") + " " : "")
				+ pick(STREETS) + " " + pick(SUFFIXES) + (chance(0.15) ? " Apt " + (1 + this.random.nextInt(40)) : "");
		return withCity ? street + ", " + pick(CITIES) + ", " + pick(STATES) + " " + zip() : street;
	}

	String zip() {
		return String.format(Locale.ROOT, "%05d", 501 + this.random.nextInt(99_000));
	}

	String postalCode() {
		return switch (this.random.nextInt(6)) {
			case 0 -> zip() + "-" + digits(4);
			case 1 -> pick("SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS1 4AP",
					"G2 3AB", "EH1 1YZ");
			case 2 -> chars("ABCEGHJKLMNPRSTVXY", 1) + digits(1) + chars("ABCEGHJKLMNPRSTVWXYZ", 1) + " " + digits(1)
					+ chars("ABCEGHJKLMNPRSTVWXYZ", 1) + digits(1);
			default -> zip();
		};
	}

	String passport() {
		return switch (this.random.nextInt(4)) {
			case 0 -> digits(9);
			case 1 -> chars("ABCDEFGHJKLMNPRSTUVWXYZ", 1) + digits(8);
			case 2 -> chars("ABCDEFGHJKLMNPRSTUVWXYZ", 2) + digits(6);
			default -> chars("CFGHJK", 1) + chars("0123456789CFGHJKLMNPRTVWXYZ", 8);
		};
	}

	String nino(boolean spaced) {
		String first;
		String prefix;
		do {
			first = chars("ABCEGHJKLMNPRSTWXYZ", 1);
			prefix = first + chars("ABCEGHJKLMNPRSTWXYZ", 1);
		}
		while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
		String digits = digits(6);
		String suffix = chars("ABCD", 1);
		return spaced ? prefix + " " + digits.substring(0, 2) + " " + digits.substring(2, 4) + " " + digits.substring(4)
				+ " " + suffix : prefix + digits + suffix;
	}

	String sin(int style) {
		String body = chars("12345679", 1) + digits(7);
		String digits = body + luhnDigit(body);
		return switch (style) {
			case 0 -> digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
			case 1 -> digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6);
			default -> digits;
		};
	}

	String aba() {
		int[] prefixes = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 61, 62,
				63, 64, 65, 66, 67, 68, 69, 70, 71, 72 };
		String body = String.format(Locale.ROOT, "%02d", prefixes[this.random.nextInt(prefixes.length)]) + digits(6);
		int[] weights = { 3, 7, 1, 3, 7, 1, 3, 7 };
		int sum = 0;
		for (int i = 0; i < 8; i++) {
			sum += (body.charAt(i) - '0') * weights[i];
		}
		return body + (10 - sum % 10) % 10;
	}

	String card(int style) {
		String[][] networks = { { "4", "16" }, { "4", "16" }, { "51", "16" }, { "55", "16" }, { "2221", "16" },
				{ "37", "15" }, { "34", "15" }, { "6011", "16" }, { "3530", "16" }, { "36", "14" }, { "62", "16" } };
		String[] network = networks[this.random.nextInt(networks.length)];
		int length = Integer.parseInt(network[1]);
		String body = network[0] + digits(length - 1 - network[0].length());
		String pan = body + luhnDigit(body);
		if (style == 0 || length != 16) {
			return style == 0 || length != 15 ? pan
					: pan.substring(0, 4) + " " + pan.substring(4, 10) + " " + pan.substring(10);
		}
		String separator = style == 1 ? " " : "-";
		return pan.substring(0, 4) + separator + pan.substring(4, 8) + separator + pan.substring(8, 12) + separator
				+ pan.substring(12);
	}

	static char luhnDigit(String body) {
		int sum = 0;
		boolean twice = true;
		for (int i = body.length() - 1; i >= 0; i--) {
			int d = body.charAt(i) - '0';
			if (twice) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
			twice = !twice;
		}
		return (char) ('0' + (10 - sum % 10) % 10);
	}

	String iban(boolean grouped) {
		String country = pick("GB", "DE", "FR", "NL", "ES", "IT", "BE", "CH", "AT", "IE");
		String bban = switch (country) {
			case "GB", "IE" -> chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + digits(14);
			case "DE" -> digits(18);
			case "FR" -> digits(10) + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 11) + digits(2);
			case "NL" -> chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + digits(10);
			case "ES" -> digits(20);
			case "IT" -> chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + digits(10) + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 12);
			case "BE" -> digits(12);
			case "CH" -> digits(17);
			default -> digits(16); // AT
		};
		String iban = country + ibanCheck(country, bban) + bban;
		if (!grouped) {
			return iban;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < iban.length(); i += 4) {
			out.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
		}
		return out.toString();
	}

	private static String ibanCheck(String country, String bban) {
		StringBuilder numeric = new StringBuilder();
		for (char c : (bban + country + "00").toCharArray()) {
			numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
		}
		int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
		return check < 10 ? "0" + check : String.valueOf(check);
	}

	String ipAddress() {
		if (chance(0.25)) {
			StringBuilder v6 = new StringBuilder("2001:db8");
			int groups = 2 + this.random.nextInt(6);
			for (int i = 0; i < groups; i++) {
				v6.append(':').append(Integer.toHexString(this.random.nextInt(65536)));
			}
			String address = v6.toString();
			return groups < 6 ? address.replaceFirst("^2001:db8:", "2001:db8::") : address;
		}
		int first;
		do {
			first = 1 + this.random.nextInt(223);
		}
		while (first == 127);
		return first + "." + this.random.nextInt(256) + "." + this.random.nextInt(256) + "." + (1 + this.random.nextInt(254));
	}

	String macAddress() {
		byte[] bytes = new byte[6];
		this.random.nextBytes(bytes);
		String hex = HexFormat.of().formatHex(bytes);
		String separator = chance(0.7) ? ":" : "-";
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < 12; i += 2) {
			out.append(i == 0 ? "" : separator).append(hex, i, i + 2);
		}
		return chance(0.5) ? out.toString().toUpperCase(Locale.ROOT) : out.toString();
	}

	String vin() {
		String allowed = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
		String wmi = pick("1HG", "JHM", "WVW", "1FT", "5YJ", "WBA", "2T1", "3VW", "KMH", "1G1");
		StringBuilder vin = new StringBuilder(wmi + chars(allowed, 5) + "0" + chars("ABCDEFGHJKLMNPRSTVWXY123456789", 1)
				+ chars(allowed, 1) + digits(6));
		vin.setCharAt(8, vinCheck(vin));
		return vin.toString();
	}

	private static char vinCheck(CharSequence vin) {
		int[] weights = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2 };
		String letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
		int[] letterValues = { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9 };
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			char c = vin.charAt(i);
			int value = Character.isDigit(c) ? c - '0' : letterValues[letters.indexOf(c)];
			sum += value * weights[i];
		}
		int check = sum % 11;
		return check == 10 ? 'X' : (char) ('0' + check);
	}

	double latitude() {
		return -60 + this.random.nextDouble() * 130;
	}

	double longitude() {
		return -180 + this.random.nextDouble() * 360;
	}

	String coordinate(double degrees, int decimals) {
		return String.format(Locale.ROOT, "%." + decimals + "f", degrees);
	}

	String coordinatePair() {
		int decimals = 4 + this.random.nextInt(3);
		return coordinate(latitude(), decimals) + (chance(0.5) ? ", " : ",") + coordinate(longitude(), decimals);
	}

	String url() {
		String host = pick("www.example.com", "shop.acme.org", "docs.example.net", "portal.corp.example.com", "example.org");
		return switch (this.random.nextInt(4)) {
			case 0 -> "https://" + host + "/" + chars("abcdefghijklmnopqrstuvwxyz", 6);
			case 1 -> "https://" + host + "/users/" + this.random.nextInt(100_000) + "?tab=" + pick("profile", "orders");
			case 2 -> "http://" + host + "/" + chars("abcdefghijklmnopqrstuvwxyz", 4) + "/" + chars("abcdefghijklmnopqrstuvwxyz", 5) + ".html";
			default -> "https://" + host;
		};
	}

	String awsAccessKey() {
		return pick("AKIA", "AKIA", "ASIA") + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
	}

	String privateKey() {
		String kind = pick("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY");
		byte[] bytes = new byte[kind.startsWith("EC") ? 121 : 300 + this.random.nextInt(600)];
		this.random.nextBytes(bytes);
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
		return "-----BEGIN " + kind + "-----\n" + body + "\n-----END " + kind + "-----";
	}

	String jwt() {
		String header = pick("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + chars(BASE62, 8) + "\"}",
				"{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
		String payload = "{\"sub\":\"" + this.random.nextInt(1_000_000) + "\",\"name\":\"" + firstName() + "\",\"iat\":"
				+ (1_600_000_000 + this.random.nextInt(100_000_000)) + "}";
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		byte[] signature = new byte[32];
		this.random.nextBytes(signature);
		return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + encoder.encodeToString(signature);
	}

	String apiKey(boolean prefixed) {
		if (prefixed) {
			return switch (this.random.nextInt(5)) {
				case 0 -> "sk_live_" + chars(BASE62, 24);
				case 1 -> "ghp_" + chars(BASE62, 36);
				case 2 -> "xoxb-" + digits(12) + "-" + digits(12) + "-" + chars(BASE62, 24);
				case 3 -> "AIza" + chars(BASE62 + "-_", 35);
				default -> "glpat-" + chars(BASE62, 20);
			};
		}
		return chars(BASE62, 32 + this.random.nextInt(9));
	}

	// ---- decoys

	String sku() {
		return switch (this.random.nextInt(4)) {
			case 0 -> "SKU-" + digits(5) + "-" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2);
			case 1 -> chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2) + "-" + digits(4) + "-" + pick("S", "M", "L", "XL");
			case 2 -> "PRD" + digits(6);
			default -> chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + digits(3) + "-" + pick("BLK", "WHT", "RED", "BLU");
		};
	}

	String version() {
		return switch (this.random.nextInt(5)) {
			case 0 -> "v" + this.random.nextInt(5) + "." + this.random.nextInt(20) + "." + this.random.nextInt(30);
			case 1 -> this.random.nextInt(5) + "." + this.random.nextInt(20) + "." + this.random.nextInt(30) + "-rc." + this.random.nextInt(5);
			case 2 -> (1 + this.random.nextInt(9)) + "." + this.random.nextInt(10) + "." + this.random.nextInt(10) + "." + this.random.nextInt(200);
			default -> this.random.nextInt(5) + "." + this.random.nextInt(20) + "." + this.random.nextInt(30);
		};
	}

	String hash(int bytes) {
		byte[] raw = new byte[bytes];
		this.random.nextBytes(raw);
		return HexFormat.of().formatHex(raw);
	}

	String base64Hash() {
		byte[] raw = new byte[32];
		this.random.nextBytes(raw);
		return Base64.getEncoder().encodeToString(raw);
	}

	String uuid() {
		byte[] raw = new byte[16];
		this.random.nextBytes(raw);
		String hex = HexFormat.of().formatHex(raw);
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a" + hex.substring(17, 20)
				+ "-" + hex.substring(20);
	}

	String timestamp() {
		LocalDateTime time = LocalDateTime.of(2019, 1, 1, 0, 0).plusSeconds(this.random.nextInt(190_000_000));
		return time.toLocalDate() + " " + time.toLocalTime() + (time.getSecond() == 0 ? ":00" : "");
	}

	String publicId() {
		return pick("cus_", "usr_", "ord_", "pi_", "acct_") + chars(BASE62, 14 + this.random.nextInt(10));
	}

	String cityName() {
		return pick(CITIES);
	}

	String productName() {
		return pick("Wireless", "Ergonomic", "Compact", "Deluxe", "Classic", "Smart", "Portable") + " "
				+ pick("Mouse", "Keyboard", "Lamp", "Chair", "Speaker", "Backpack", "Kettle", "Monitor");
	}

	static String capitalize(String word) {
		return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	private static List<String> load(String resource, int limit) {
		List<String> names = new ArrayList<>();
		try (InputStream in = Values.class.getClassLoader().getResourceAsStream(resource)) {
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null && names.size() < limit; line = reader.readLine()) {
				if (line.length() >= 2 && !line.startsWith("#")) {
					names.add(line.trim());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return List.copyOf(names);
	}
}
