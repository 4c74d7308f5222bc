package dev.coffer.classification;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The column classifier's traps: names are whole words and a bounded boost, never the verdict alone. */
class ColumnClassifierTest {

	private final ColumnClassifier classifier = Classifiers.columnClassifier();

	private ColumnVerdict classify(String column, String dataType, IntFunction<String> value) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			values.add(value.apply(i));
		}
		return this.classifier.classify(ColumnSample.of("public", "t", column, dataType, values, 0));
	}

	@Test
	void emailVerifiedHoldingBooleansIsNotAnEmailColumn() {
		assertThat(classify("email_verified", "boolean", i -> i % 3 == 0 ? "true" : "false").type()).isNull();
		ColumnVerdict text = classify("email_verified", "varchar(5)", i -> i % 3 == 0 ? "true" : "false");
		assertThat(text.type()).isNull();
		assertThat(text.evidence()).contains("values:boolean");
	}

	@Test
	void aColumnNameAloneNeverDecides() {
		assertThat(classify("email", "varchar", i -> "note number " + i).type()).isNull();
		assertThat(classify("ssn", "varchar", i -> "pending").type()).isNull();
		assertThat(classify("credit_card", "varchar", i -> Long.toString(4_000_000_000_000_000L + i * 7)).type()).isNull();
	}

	@Test
	void columnNameWordsMatchWholeWordsOnly() {
		assertThat(ColumnName.of("public_id").words()).containsExactly("public", "id");
		assertThat(ColumnName.of("billingAddressLine2").words()).containsExactly("billing", "address", "line", "2");
		assertThat(ColumnName.of("ZIPCode5").words()).containsExactly("zip", "code", "5");
		Detector postal = new PostalCodeDetector();
		assertThat(ColumnName.of("billing_zip_code").hint(postal)).isEqualTo("zip");
		assertThat(ColumnName.of("zip_count").hint(postal)).isNull();
		assertThat(ColumnName.of("zipper_size").hint(postal)).isNull();
		// a detector whose name word is "lic" does not see it in "public"
		Detector lic = new Detector() {

			@Override
			public DetectedType type() {
				return DetectedType.PASSPORT_NUMBER;
			}

			@Override
			public Match check(String value) {
				return Match.NONE;
			}

			@Override
			public boolean accepts(Shape shape) {
				return false;
			}

			@Override
			public java.util.Set<String> nameWords() {
				return java.util.Set.of("lic");
			}

			@Override
			public java.util.Set<String> contextWords() {
				return java.util.Set.of("lic");
			}

			@Override
			public double baseScore() {
				return 0;
			}
		};
		assertThat(ColumnName.of("public_id").hint(lic)).isNull();
		assertThat(ColumnName.of("publicId").hint(lic)).isNull();
		assertThat(ColumnName.of("lic_number").hint(lic)).isEqualTo("lic");
	}

	@Test
	void weakValuesNeedTheColumnNameAndStrongValuesDoNot() {
		IntFunction<String> zips = i -> String.format("%05d", 1000 + i * 1733);
		ColumnVerdict zip = classify("zip", "varchar(10)", zips);
		assertThat(zip.type()).isEqualTo(DetectedType.POSTAL_CODE);
		assertThat(zip.evidence()).contains("column_name:zip", "value_pattern:postal_code");
		assertThat(classify("zip_count", "integer", zips).type()).isNull();
		assertThat(classify("amount", "varchar(10)", zips).type()).isNull();

		ColumnVerdict emails = classify("contact", "varchar", i -> "user" + i + "@example.com");
		assertThat(emails.type()).isEqualTo(DetectedType.EMAIL);
		ColumnVerdict named = classify("email_address", "varchar", i -> "user" + i + "@example.com");
		assertThat(named.confidence()).isGreaterThan(emails.confidence());
		assertThat(named.matchRate()).isEqualTo(1.0);
		assertThat(named.sampleSize()).isEqualTo(50);
	}

	@Test
	void checksumsDecideBetweenNineDigitTypes() {
		List<String> routing = List.of("011000015", "021000021", "026009593", "121000248", "322271627", "011000028",
				"021001088", "026009593", "121000248", "011000015");
		ColumnVerdict verdict = this.classifier.classify(ColumnSample.of("s", "t", "bank_ref", "char(9)", routing, 0));
		assertThat(verdict.type()).isEqualTo(DetectedType.ABA_ROUTING_NUMBER);
		assertThat(verdict.evidence()).contains("checksum:aba");
	}

	@Test
	void decoysStayUnclassified() {
		assertThat(classify("id", "integer", i -> Integer.toString(1000 + i)).type()).isNull();
		assertThat(classify("order_number", "bigint", i -> Long.toString(2_024_000_100L + i * 3)).type()).isNull();
		assertThat(classify("created_at", "timestamp", i -> "2024-03-" + (10 + i % 18) + " 10:22:33").type()).isNull();
		assertThat(classify("updated", "varchar", i -> "2024-03-" + (10 + i % 18) + " 10:22:33").type()).isNull();
		assertThat(classify("sku", "varchar", i -> "SKU-" + (48_213 + i) + "-BL").type()).isNull();
		assertThat(classify("app_version", "varchar", i -> "1." + i % 7 + "." + i % 3 + "." + i).type()).isNull();
		assertThat(classify("md5", "char(32)", i -> String.format("%032x", i * 7_919L * 104_729L)).type()).isNull();
		assertThat(classify("request_id", "uuid", i -> "123e4567-e89b-12d3-a456-4266141740" + (10 + i)).type()).isNull();
		assertThat(classify("trace", "varchar", i -> "123e4567-e89b-12d3-a456-4266141740" + (10 + i)).type()).isNull();
		assertThat(classify("public_id", "varchar", i -> "cus_" + Integer.toString(i * 104_729 + 7, 36) + "Xk9PqLm2").type())
			.isNull();
	}

	@Test
	void evidenceNeverHoldsAValueAndSmallSamplesStayUnclassified() {
		ColumnVerdict verdict = classify("card_number", "varchar", i -> "4111111111111111");
		assertThat(verdict.type()).isEqualTo(DetectedType.PAYMENT_CARD);
		assertThat(String.join(" ", verdict.evidence())).doesNotContain("4111");
		assertThat(verdict.evidence()).contains("checksum:luhn", "column_name:card");
		ColumnVerdict few = this.classifier.classify(ColumnSample.of("s", "t", "email", "text", List.of("a@example.com"), 3));
		assertThat(few.type()).isNull();
		assertThat(few.evidence()).contains("sample_size:too_small");
	}
}
