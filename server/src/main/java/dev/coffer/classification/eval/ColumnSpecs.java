package dev.coffer.classification.eval;

import java.util.List;

import static dev.coffer.classification.DetectedType.ABA_ROUTING_NUMBER;
import static dev.coffer.classification.DetectedType.API_KEY;
import static dev.coffer.classification.DetectedType.AWS_ACCESS_KEY;
import static dev.coffer.classification.DetectedType.CA_SIN;
import static dev.coffer.classification.DetectedType.DATE_OF_BIRTH;
import static dev.coffer.classification.DetectedType.EMAIL;
import static dev.coffer.classification.DetectedType.GEO_COORDINATE;
import static dev.coffer.classification.DetectedType.IBAN;
import static dev.coffer.classification.DetectedType.IP_ADDRESS;
import static dev.coffer.classification.DetectedType.JWT;
import static dev.coffer.classification.DetectedType.MAC_ADDRESS;
import static dev.coffer.classification.DetectedType.PASSPORT_NUMBER;
import static dev.coffer.classification.DetectedType.PAYMENT_CARD;
import static dev.coffer.classification.DetectedType.PERSON_NAME;
import static dev.coffer.classification.DetectedType.PHONE;
import static dev.coffer.classification.DetectedType.POSTAL_CODE;
import static dev.coffer.classification.DetectedType.PRIVATE_KEY;
import static dev.coffer.classification.DetectedType.STREET_ADDRESS;
import static dev.coffer.classification.DetectedType.UK_NINO;
import static dev.coffer.classification.DetectedType.URL;
import static dev.coffer.classification.DetectedType.US_SSN;
import static dev.coffer.classification.DetectedType.VIN;
import static dev.coffer.classification.eval.ColumnSpec.decoy;
import static dev.coffer.classification.eval.ColumnSpec.plain;
import static dev.coffer.classification.eval.ColumnSpec.sensitive;
import static dev.coffer.classification.eval.ColumnSpec.sequence;

/**
 * The column kinds of the corpus. Types whose values are recognisable on their own also get
 * neutral or misleading names ({@code contact}, {@code ref_2}, {@code field_7}); types whose values
 * are not (five-digit ZIP codes, passport numbers, dates of birth, single first names, generic
 * keys) are named as real schemas name them, since no classifier can tell them apart otherwise.
 */
final class ColumnSpecs {

	private static final String VARCHAR = "varchar(255)";

	static final List<ColumnSpec> ALL = List.of(
			// sensitive
			sensitive(EMAIL, VARCHAR, Values::email, "email", "contact", "emailAddress", "EMAIL_ADDR", "work_email",
					"login", "customer_email", "field_7"),
			sensitive(PHONE, "varchar(40)", Values::phone, "phone_number", "callback", "mobile", "phoneNumber",
					"contact_phone", "col_12", "tel", "fax_number"),
			sensitive(PAYMENT_CARD, "varchar(32)", v -> v.card(v.nextInt(3)), "card_number", "payment_ref", "cc_num",
					"cardNumber", "credit_card", "data_1", "pan"),
			sensitive(US_SSN, "varchar(16)", v -> v.ssn(true), "ssn", "ref_2", "social_security_number", "taxpayerSsn",
					"SSN"),
			sensitive(US_SSN, "char(9)", v -> v.ssn(false), "ssn", "ssn_number", "social_security_no"),
			sensitive(IBAN, "varchar(42)", v -> v.iban(v.chance(0.3)), "iban", "payout_destination", "bank_iban",
					"payeeIban", "account_ref"),
			sensitive(IP_ADDRESS, "varchar(45)", Values::ipAddress, "ip_address", "origin", "client_ip", "remoteAddr",
					"last_login_ip", "peer"),
			sensitive(MAC_ADDRESS, "varchar(17)", Values::macAddress, "mac_address", "adapter", "device_mac", "macAddr"),
			sensitive(DATE_OF_BIRTH, "date", v -> v.dateOfBirth(0), "date_of_birth", "dob", "birth_date", "birthDate"),
			sensitive(DATE_OF_BIRTH, "varchar(20)", v -> v.dateOfBirth(1 + v.nextInt(3)), "birthday", "DOB", "dob_text",
					"date_of_birth"),
			sensitive(PERSON_NAME, "varchar(100)", Values::fullName, "full_name", "customer_name", "name", "contactName",
					"account_holder", "patient"),
			sensitive(PERSON_NAME, "varchar(60)", Values::firstName, "first_name", "firstName", "given_name", "fname"),
			sensitive(PERSON_NAME, "varchar(60)", Values::lastName, "last_name", "surname", "lastName", "family_name"),
			sensitive(STREET_ADDRESS, VARCHAR, v -> v.streetAddress(false), "street_address", "address_line1",
					"addressLine1", "street", "home_address"),
			sensitive(STREET_ADDRESS, VARCHAR, v -> v.streetAddress(true), "billing_address", "shipping_address",
					"address", "mailing_address"),
			sensitive(POSTAL_CODE, "varchar(10)", Values::zip, "zip", "zip_code", "postal_code", "zipCode", "billing_zip"),
			sensitive(POSTAL_CODE, "varchar(10)", Values::postalCode, "postcode", "postal_code", "zip_plus4"),
			sensitive(PASSPORT_NUMBER, "varchar(12)", Values::passport, "passport_number", "passport_no", "passportNumber",
					"passport"),
			sensitive(UK_NINO, "varchar(16)", v -> v.nino(v.chance(0.3)), "ni_number", "nino", "national_insurance_number",
					"employee_ref"),
			sensitive(CA_SIN, "varchar(12)", v -> v.sin(v.nextInt(2)), "sin", "social_insurance_number", "sin_number",
					"identifier_ca"),
			sensitive(CA_SIN, "char(9)", v -> v.sin(2), "sin", "sin_no"),
			sensitive(ABA_ROUTING_NUMBER, "char(9)", Values::aba, "routing_number", "aba", "bank_routing_number",
					"routingNumber", "rtn"),
			sensitive(VIN, "varchar(17)", Values::vin, "vin", "vehicle_vin", "chassis_ref", "VIN", "vehicle"),
			sensitive(GEO_COORDINATE, "varchar(40)", Values::coordinatePair, "coordinates", "location", "geo", "latlng",
					"pin"),
			sensitive(GEO_COORDINATE, "numeric(9,6)", v -> v.coordinate(v.latitude(), 6), "latitude", "lat", "home_lat"),
			sensitive(GEO_COORDINATE, "numeric(9,6)", v -> v.coordinate(v.longitude(), 6), "longitude", "lng", "lon"),
			sensitive(URL, VARCHAR, Values::url, "website", "url", "homepage", "profile_url", "avatarUrl", "ref_link"),
			sensitive(AWS_ACCESS_KEY, "varchar(20)", Values::awsAccessKey, "aws_access_key_id", "access_key_id",
					"awsAccessKeyId", "cred_1"),
			sensitive(PRIVATE_KEY, "text", Values::privateKey, "private_key", "ssh_private_key", "signing_key", "pem",
					"blob_3"),
			sensitive(JWT, "text", Values::jwt, "jwt", "access_token", "id_token", "sessionToken", "header_value"),
			sensitive(API_KEY, "varchar(64)", v -> v.apiKey(true), "stripe_secret", "integration_value", "api_key",
					"github_token"),
			sensitive(API_KEY, "varchar(64)", v -> v.apiKey(false), "api_key", "secret_key", "apiKey", "client_secret",
					"api_token"),

			// decoys: look sensitive, are not
			sequence("integer", v -> "%d", "id", "customer_id", "address_id"),
			sequence("bigint", v -> "%010d", "order_number", "invoice_no", "order_id"),
			sequence("varchar(20)", v -> v.pick("ORD-2024-%06d", "INV%08d", "TKT-%07d"), "order_ref", "invoice_number",
					"ticket"),
			decoy("varchar(40)", Values::publicId, "public_id", "external_id", "stripe_customer_id"),
			decoy("timestamp", Values::timestamp, "created_at", "updated_at", "last_seen"),
			decoy("varchar(30)", Values::timestamp, "updated", "event_time_text", "modified"),
			decoy("bigint", v -> Long.toString(1_600_000_000_000L + (long) v.nextInt(1_000_000_000) * 100),
					"event_time", "created_ms", "ts"),
			decoy("timestamp", Values::timestamp, "phone_verified_at", "email_confirmed_at"),
			decoy("varchar(20)", Values::sku, "sku", "product_code", "part_number"),
			decoy("integer", v -> Integer.toString(10_000 + v.nextInt(89_999)), "zip_count", "postal_code_count", "visits"),
			decoy("varchar(30)", Values::version, "app_version", "schema_version", "firmware"),
			decoy("char(32)", v -> v.hash(16), "md5", "file_md5", "etag"),
			decoy("char(40)", v -> v.hash(20), "sha1", "commit_sha", "git_rev"),
			decoy("char(64)", v -> v.hash(32), "sha256", "ssn_hash", "email_hash", "checksum"),
			decoy("varchar(44)", Values::base64Hash, "file_checksum", "content_digest"),
			decoy("char(36)", Values::uuid, "request_id", "session_uuid", "trace_id", "correlationId"),
			decoy("boolean", v -> Boolean.toString(v.chance(0.7)), "email_verified", "dob_verified", "is_phone_valid"),
			decoy("varchar(5)", v -> v.pick("true", "false"), "email_verified", "has_card"),
			decoy("varchar(12)", v -> v.pick("VISA", "MASTERCARD", "AMEX", "DISCOVER"), "card_type", "card_brand"),
			decoy("char(4)", v -> v.digits(4), "card_last4", "ssn_last4"),
			decoy("integer", v -> Integer.toString(v.nextInt(300)), "ip_count", "name_length", "email_count"),
			decoy("char(2)", v -> v.pick("DE", "FR", "GB", "NL", "ES"), "iban_country", "phone_country"),
			decoy("date", v -> "20" + (19 + v.nextInt(6)) + "-0" + (1 + v.nextInt(9)) + "-1" + v.nextInt(10),
					"passport_expiry", "card_expiry", "signup_date"),
			decoy("varchar(12)", v -> "20" + (19 + v.nextInt(6)) + "-0" + (1 + v.nextInt(9)) + "-1" + v.nextInt(10),
					"api_version", "release_date"),
			decoy("varchar(40)", v -> v.pick("gmail.com", "example.com", "outlook.com", "acme.org"), "email_domain",
					"mail_provider"),

			// plain columns
			plain("numeric(10,2)", v -> v.nextInt(1000) + "." + v.digits(2), "price", "amount"),
			plain("integer", v -> Integer.toString(1 + v.nextInt(20)), "quantity", "seats"),
			plain("varchar(20)", v -> v.pick("active", "pending", "closed", "suspended"), "status", "state"),
			plain("varchar(60)", Values::cityName, "city", "town"),
			plain("varchar(100)", Values::productName, "product_name", "title"),
			plain("boolean", v -> Boolean.toString(v.chance(0.5)), "is_active", "archived"),
			plain("integer", v -> v.pick("200", "201", "204", "400", "404", "500"), "http_status", "response_code"),
			plain("char(3)", v -> v.pick("USD", "EUR", "GBP", "CAD"), "currency", "currency_code"));

	private ColumnSpecs() {
	}
}
