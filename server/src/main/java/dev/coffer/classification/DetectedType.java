package dev.coffer.classification;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of sensitive data the detectors recognise, with the API name of each and the
 * built-in tags a column of that kind is proposed by default (the catalog's type-to-tag
 * mapping starts from these and can be changed).
 */
public enum DetectedType {

	EMAIL("email", "PII"),
	PHONE("phone", "PII"),
	PAYMENT_CARD("payment_card", "PCI"),
	US_SSN("us_ssn", "PII"),
	IBAN("iban", "PII"),
	IP_ADDRESS("ip_address", "PII"),
	MAC_ADDRESS("mac_address", "PII"),
	DATE_OF_BIRTH("date_of_birth", "PII", "PHI"),
	PERSON_NAME("person_name", "PII"),
	STREET_ADDRESS("street_address", "PII"),
	POSTAL_CODE("postal_code", "PII"),
	PASSPORT_NUMBER("passport_number", "PII"),
	UK_NINO("uk_nino", "PII"),
	CA_SIN("ca_sin", "PII"),
	ABA_ROUTING_NUMBER("aba_routing_number", "PII"),
	VIN("vin", "PII"),
	GEO_COORDINATE("geo_coordinate", "PII"),
	URL("url"),
	AWS_ACCESS_KEY("aws_access_key", "CREDENTIAL"),
	PRIVATE_KEY("private_key", "CREDENTIAL"),
	JWT("jwt", "CREDENTIAL"),
	API_KEY("api_key", "CREDENTIAL");

	private final String apiName;

	private final List<String> defaultTags;

	DetectedType(String apiName, String... defaultTags) {
		this.apiName = apiName;
		this.defaultTags = List.of(defaultTags);
	}

	/** The name used in the API and the store, e.g. {@code payment_card}. */
	public String apiName() {
		return this.apiName;
	}

	/** Built-in tags proposed by default for a column of this type (may be empty). */
	public List<String> defaultTags() {
		return this.defaultTags;
	}

	public static Optional<DetectedType> fromApiName(String name) {
		return Arrays.stream(values()).filter((type) -> type.apiName.equals(name)).findFirst();
	}
}
