package dev.coffer.client;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's own JSON writer and reader agree with Jackson (the Jackson 2 that Spark brings). */
class JsonCompatibilityTest {

	private static final ObjectMapper JACKSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final ObjectMapper JACKSON_ASCII = JsonMapper.builder()
		.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
		.build();

	private static final String SPECIALS = "\"\\/\u2028\u2029\u007f";

	private final Random random = new Random(20240607);

	@Test
	void everyStringTheClientWritesIsReadBackExactlyByJackson() throws Exception {
		for (int i = 0; i < 3_000; i++) {
			String value = randomString();

			String json = new JsonWriter(16).value(List.of(value)).toString();

			List<String> read = JACKSON.readValue(json, new TypeReference<List<String>>() {
			});
			assertThat(read).as("string %d", i).containsExactly(value);
		}
	}

	@Test
	void unpairedSurrogatesAndLineSeparatorsAreEscapedNotReplaced() throws Exception {
		String value = "a\uD800b\uDC00c\u2028\u2029\u007f\u0000\uD83D\uDE00";

		String json = new JsonWriter(16).value(value).toString();

		assertThat(json).isEqualTo("\"a\\ud800b\\udc00c\\u2028\\u2029\\u007f\\u0000\uD83D\uDE00\"");
		assertThat(JACKSON.readValue(json, String.class)).isEqualTo(value);
		assertThat(JsonReader.parse(json)).isEqualTo(value);
	}

	@Test
	void everyDocumentTheClientWritesIsTheOneJacksonWrites() throws Exception {
		for (int i = 0; i < 500; i++) {
			Object document = randomValue(0);

			String ours = new JsonWriter(64).value(document).toString();

			assertThat(JACKSON.readTree(ours)).as("document %d", i).isEqualTo(JACKSON.readTree(JACKSON.writeValueAsString(document)));
		}
	}

	@Test
	void everyDocumentJacksonWritesIsReadLikeJacksonReadsIt() throws Exception {
		for (int i = 0; i < 500; i++) {
			Object document = randomValue(0);
			for (ObjectMapper writer : List.of(JACKSON, JACKSON_ASCII)) {
				String json = writer.writerWithDefaultPrettyPrinter().writeValueAsString(document);

				Object ours = JsonReader.parse(json);

				assertThat(canonical(ours)).as("document %d", i).isEqualTo(canonical(JACKSON.readValue(json, Object.class)));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { " 1 ", "-0", "1e5", "1E+5", "-1.5e-3", "0.25", "12345678901234567890", "\"\\/\\b\\f\"",
			"[]", "{}", "[[[]]]", "{\"a\":{\"b\":[null,true,false]}}", "\"\\ud83d\\ude00\"", "{\"a\":1,\"a\":2}" })
	void validEdgeCasesAreReadAsJacksonReadsThem(String json) throws Exception {
		Object ours = JsonReader.parse(json);

		assertThat(canonical(ours)).isEqualTo(canonical(JACKSON.readValue(json, Object.class)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "}", "[", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "{a:1}",
			"01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "NaN", "Infinity", "tru", "nul", "True", "'single'",
			"\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12g4\"", "\"raw \t tab\"", "\"raw \n newline\"",
			"[1 2]", "1 2", "{} {}", "[1]]", "\"a\"\"b\"" })
	void malformedDocumentsAreRefusedAsJacksonRefusesThem(String json) {
		assertThatThrownBy(() -> JACKSON.readTree(json).isMissingNode())
			.as("Jackson refuses it too").isInstanceOf(Exception.class);
		assertThatThrownBy(() -> JsonReader.parse(json)).isInstanceOf(JsonReader.MalformedJsonException.class)
			.hasMessageStartingWith("Malformed JSON at offset");
	}

	@Test
	void integersAreReadExactly() {
		assertThat(JsonReader.parse("[0, -5, 123456789012345678, -9223372036854775808, 9223372036854775807, 9223372036854775808]"))
			.isEqualTo(List.of(0L, -5L, 123456789012345678L, Long.MIN_VALUE, Long.MAX_VALUE, new BigDecimal("9223372036854775808")));
	}

	@Test
	void anEmptyDocumentIsMalformed() {
		assertThatThrownBy(() -> JsonReader.parse("")).isInstanceOf(JsonReader.MalformedJsonException.class);
		assertThatThrownBy(() -> JsonReader.parse(" \n")).isInstanceOf(JsonReader.MalformedJsonException.class);
	}

	@Test
	void theMessageOfAMalformedDocumentNeverQuotesIt() {
		assertThatThrownBy(() -> JsonReader.parse("{\"tokens\": [\"4111 1111 1111 1111\" oops]}"))
			.hasMessageNotContaining("4111")
			.hasMessageNotContaining("oops");
	}

	@Test
	void valuesJsonCannotHoldAreRefusedWithoutBeingPrinted() {
		assertThatThrownBy(() -> new JsonWriter(8).value(Map.of("when", new java.util.Date(0))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("java.util.Date");
		assertThatThrownBy(() -> new JsonWriter(8).value(List.of(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
		Map<Object, Object> numericKey = new LinkedHashMap<>();
		numericKey.put(1, "x");
		assertThatThrownBy(() -> new JsonWriter(8).value(numericKey)).isInstanceOf(IllegalArgumentException.class);
	}

	/**
	 * Numbers compared as doubles (the reader keeps the exact decimal text of a fraction, Jackson a
	 * double; integers are checked exactly in their own test); maps and lists element by element.
	 */
	private static Object canonical(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> out = new LinkedHashMap<>();
			map.forEach((key, item) -> out.put(key, canonical(item)));
			return out;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(JsonCompatibilityTest::canonical).toList();
		}
		if (value instanceof Number number) {
			return new BigDecimal(number.toString()).doubleValue();
		}
		return value;
	}

	private Object randomValue(int depth) {
		int kind = this.random.nextInt(depth > 3 ? 6 : 8);
		return switch (kind) {
			case 0 -> null;
			case 1 -> this.random.nextBoolean();
			case 2 -> this.random.nextLong() >> this.random.nextInt(64);
			case 3 -> (this.random.nextDouble() - 0.5) * Math.pow(10, this.random.nextInt(40) - 20);
			case 4, 5 -> randomString();
			case 6 -> {
				List<Object> list = new ArrayList<>();
				for (int i = this.random.nextInt(5); i > 0; i--) {
					list.add(randomValue(depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> map = new LinkedHashMap<>();
				for (int i = this.random.nextInt(5); i > 0; i--) {
					map.put(randomString(), randomValue(depth + 1));
				}
				yield map;
			}
		};
	}

	/** Strings mixing ASCII, JSON specials, controls, BMP text, surrogate pairs and unpaired surrogates. */
	private String randomString() {
		StringBuilder out = new StringBuilder();
		for (int i = this.random.nextInt(20); i > 0; i--) {
			switch (this.random.nextInt(8)) {
				case 0 -> out.append((char) this.random.nextInt(0x20));
				case 1 -> out.append(SPECIALS.charAt(this.random.nextInt(SPECIALS.length())));
				case 2 -> out.append((char) (0x20 + this.random.nextInt(0x5f)));
				case 3 -> out.append((char) (0xa0 + this.random.nextInt(0xd800 - 0xa0)));
				case 4 -> out.appendCodePoint(0x10000 + this.random.nextInt(0x100000));
				case 5 -> out.append((char) (0xd800 + this.random.nextInt(0x800)));
				case 6 -> out.append((char) (0xe000 + this.random.nextInt(0x2000)));
				default -> out.append("tok_").append(this.random.nextInt(1000));
			}
		}
		return out.toString();
	}
}
