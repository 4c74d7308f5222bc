package dev.coffer.classification.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.coffer.classification.DetectedType;

/**
 * Labeled free text: sentences with sensitive values (and the context words people write around
 * them) mixed with sentences of look-alike values that are not sensitive (order numbers, versions,
 * hashes, UUIDs, SKUs, times, amounts).
 */
final class Texts {

	private record Slot(DetectedType type, Function<Values, String> generator) {
	}

	private static final Map<String, Slot> SLOTS = Map.ofEntries(
			Map.entry("name", new Slot(DetectedType.PERSON_NAME, v -> v.firstName() + " " + v.lastName())),
			Map.entry("email", new Slot(DetectedType.EMAIL, Values::email)),
			Map.entry("phone", new Slot(DetectedType.PHONE, Values::phone)),
			Map.entry("card", new Slot(DetectedType.PAYMENT_CARD, v -> v.card(v.nextInt(3)))),
			Map.entry("ssn", new Slot(DetectedType.US_SSN, v -> v.ssn(true))),
			Map.entry("iban", new Slot(DetectedType.IBAN, v -> v.iban(v.chance(0.5)))),
			Map.entry("ip", new Slot(DetectedType.IP_ADDRESS, Values::ipAddress)),
			Map.entry("mac", new Slot(DetectedType.MAC_ADDRESS, Values::macAddress)),
			Map.entry("dob", new Slot(DetectedType.DATE_OF_BIRTH, v -> v.dateOfBirth(v.nextInt(4)))),
			Map.entry("street", new Slot(DetectedType.STREET_ADDRESS, v -> v.streetAddress(false))),
			Map.entry("zip", new Slot(DetectedType.POSTAL_CODE, Values::zip)),
			Map.entry("postcode", new Slot(DetectedType.POSTAL_CODE, Values::postalCode)),
			Map.entry("passport", new Slot(DetectedType.PASSPORT_NUMBER, Values::passport)),
			Map.entry("nino", new Slot(DetectedType.UK_NINO, v -> v.nino(v.chance(0.5)))),
			Map.entry("sin", new Slot(DetectedType.CA_SIN, v -> v.sin(v.nextInt(2)))),
			Map.entry("aba", new Slot(DetectedType.ABA_ROUTING_NUMBER, Values::aba)),
			Map.entry("vin", new Slot(DetectedType.VIN, Values::vin)),
			Map.entry("geo", new Slot(DetectedType.GEO_COORDINATE, Values::coordinatePair)),
			Map.entry("url", new Slot(DetectedType.URL, Values::url)),
			Map.entry("aws", new Slot(DetectedType.AWS_ACCESS_KEY, Values::awsAccessKey)),
			Map.entry("pem", new Slot(DetectedType.PRIVATE_KEY, Values::privateKey)),
			Map.entry("jwt", new Slot(DetectedType.JWT, Values::jwt)),
			Map.entry("apikey", new Slot(DetectedType.API_KEY, v -> v.apiKey(false))),
			Map.entry("skkey", new Slot(DetectedType.API_KEY, v -> v.apiKey(true))),
			// not sensitive
			Map.entry("city", new Slot(null, Values::cityName)),
			Map.entry("order", new Slot(null, v -> "ORD-2024-" + v.digits(6))),
			Map.entry("ordernum", new Slot(null, v -> "20240" + v.digits(5))),
			Map.entry("version", new Slot(null, Values::version)),
			Map.entry("sha", new Slot(null, v -> v.hash(20))),
			Map.entry("uuid", new Slot(null, Values::uuid)),
			Map.entry("sku", new Slot(null, Values::sku)),
			Map.entry("ts", new Slot(null, Values::timestamp)),
			Map.entry("count", new Slot(null, v -> Integer.toString(10_000 + v.nextInt(90_000)))),
			Map.entry("product", new Slot(null, Values::productName)));

	private static final List<String> SENSITIVE = List.of(
			"Please contact {name} at {email} or call {phone}.",
			"The customer's card number is {card} and it expires 09/27.",
			"Her social security number is {ssn}.",
			"SSN: {ssn}",
			"Wire the refund to IBAN {iban} by Friday.",
			"Failed login from IP {ip} at {ts}.",
			"The device with MAC address {mac} joined the guest network.",
			"Patient date of birth: {dob}.",
			"He was born on {dob} in {city}.",
			"Ship the package to {street} before noon.",
			"Mailing address: {street}. The ZIP code is {zip}.",
			"Passport number {passport} was scanned at the desk.",
			"National Insurance number: {nino}.",
			"His SIN is {sin}.",
			"Use routing number {aba} for the direct deposit.",
			"The vehicle VIN {vin} was reported stolen.",
			"Last known location {geo} near the river.",
			"Read the guide at {url} before you start.",
			"aws_access_key_id = {aws}",
			"Here is the key:\n{pem}\nDo not share it.",
			"Authorization: Bearer {jwt}",
			"api_key={apikey}",
			"The Stripe secret {skkey} was committed by mistake.",
			"{name} approved the request on Monday.",
			"Send the invoice to {email}.",
			"You can reach me on {phone} tomorrow.",
			"Our new postcode is {postcode}.",
			"Card {card} was declined twice.",
			"Dear {name}, your order has shipped.");

	private static final List<String> DECOYS = List.of(
			"Order {order} shipped on 2024-03-12 with 3 items.",
			"Upgrade the agent to version {version} before the weekend.",
			"Build {sha} passed all 1,284 tests.",
			"Request {uuid} took 245 ms and returned 200.",
			"Item {sku} is back in stock at $19.99.",
			"Ticket #{count} was closed after 17 replies.",
			"Invoice {ordernum} totals $4,210.50.",
			"The meeting moved to March 3 at 10:30 in room 4B.",
			"We sold {count} units of the {product} in Q3.",
			"The job started at {ts} and ran for 42 minutes.",
			"Temperature reached 21.5 degrees at 14:00.");

	private static final List<String> PROSE = List.of("the", "team", "reviewed", "quarterly", "plan", "and", "agreed",
			"that", "next", "steps", "should", "focus", "on", "reliability", "before", "new", "features", "we", "will",
			"meet", "again", "after", "release", "notes", "are", "ready", "for", "review", "in", "shared", "folder",
			"customer", "feedback", "was", "mostly", "positive", "about", "onboarding", "flow", "latency", "improved");

	private Texts() {
	}

	/** Four to eight sentences, about two thirds of them holding a sensitive value. */
	static LabeledText paragraph(Values values) {
		StringBuilder text = new StringBuilder();
		List<LabeledText.Span> spans = new ArrayList<>();
		int sentences = 4 + values.nextInt(5);
		for (int i = 0; i < sentences; i++) {
			if (i > 0) {
				text.append(values.chance(0.2) ? "\n" : " ");
			}
			String template = values.chance(0.65) ? values.pick(SENSITIVE) : values.pick(DECOYS);
			fill(template, values, text, spans);
		}
		return new LabeledText(text.toString(), spans);
	}

	private static void fill(String template, Values values, StringBuilder text, List<LabeledText.Span> spans) {
		int i = 0;
		while (i < template.length()) {
			int open = template.indexOf('{', i);
			if (open < 0) {
				text.append(template, i, template.length());
				return;
			}
			int close = template.indexOf('}', open);
			text.append(template, i, open);
			Slot slot = SLOTS.get(template.substring(open + 1, close));
			String value = slot.generator().apply(values);
			int start = text.length();
			text.append(value);
			if (slot.type() != null) {
				spans.add(new LabeledText.Span(slot.type(), start, text.length()));
			}
			i = close + 1;
		}
	}

	/** A sentence of plain prose with nothing sensitive in it. */
	static String prose(Values values) {
		StringBuilder sentence = new StringBuilder();
		int words = 12 + values.nextInt(14);
		for (int i = 0; i < words; i++) {
			String word = values.pick(PROSE);
			sentence.append(i == 0 ? Values.capitalize(word) : " " + word);
		}
		return sentence.append('.').toString();
	}
}
