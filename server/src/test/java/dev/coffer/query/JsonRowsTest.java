package dev.coffer.query;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governed query's own row writer against a JSON parser: every kind of value it is handed
 * reads back as the value it was, the output is valid UTF-8 JSON for any text (control
 * characters, quotes, backslashes, every plane of Unicode, lone surrogates), and a row that
 * would pass the response limit is left out whole.
 */
class JsonRowsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyKindOfValueReadsBackAsItWas() {
		byte[] binary = { 0, 1, (byte) 0xff, 0x7f, 10 };
		Object[] row = { null, new ResultColumn.Utf8Text("plain \"quoted\" \\ \t\n\u0001\u001f".getBytes(StandardCharsets.US_ASCII)),
				new ResultColumn.NumberText("-12.50"), new ResultColumn.NumberText("NaN"), new ResultColumn.NumberText("7", true),
				"naïve 日本 😀 \u0000", 42, 7L, (short) 3, new BigDecimal("1E+3"), new BigInteger("123456789012345678901234567890"),
				2.5d, Double.POSITIVE_INFINITY, 0.1f, true, false, binary, LocalDate.of(2024, 2, 29) };
		JsonNode read = write(List.<Object[]>of(row, row)).get(1);
		assertThat(read.size()).isEqualTo(row.length);
		assertThat(read.get(0).isNull()).isTrue();
		assertThat(read.get(1).asString()).isEqualTo("plain \"quoted\" \\ \t\n\u0001\u001f");
		assertThat(read.get(2).isNumber()).isTrue();
		assertThat(read.get(2).decimalValue()).isEqualByComparingTo("-12.50");
		assertThat(read.get(3).asString()).isEqualTo("NaN");
		assertThat(read.get(4).asLong()).isEqualTo(7);
		assertThat(read.get(5).asString()).isEqualTo("naïve 日本 😀 \u0000");
		assertThat(read.get(6).asLong()).isEqualTo(42);
		assertThat(read.get(7).asLong()).isEqualTo(7);
		assertThat(read.get(8).asLong()).isEqualTo(3);
		assertThat(read.get(9).decimalValue()).isEqualByComparingTo("1000");
		assertThat(read.get(10).bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
		assertThat(read.get(11).doubleValue()).isEqualTo(2.5d);
		assertThat(read.get(12).asString()).isEqualTo("Infinity");
		assertThat(read.get(13).floatValue()).isEqualTo(0.1f);
		assertThat(read.get(14).asBoolean()).isTrue();
		assertThat(read.get(15).asBoolean()).isFalse();
		assertThat(Base64.getDecoder().decode(read.get(16).asString())).isEqualTo(binary);
		assertThat(read.get(17).asString()).isEqualTo("2024-02-29");
	}

	@Test
	void anyTextIsValidJsonAndReadsBack() {
		Random random = new Random(7);
		List<Object[]> rows = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(30);
			for (int j = 0; j < length; j++) {
				switch (random.nextInt(5)) {
					case 0 -> text.append((char) random.nextInt(0x80));
					case 1 -> text.append((char) (0x80 + random.nextInt(0x780)));
					case 2 -> text.append((char) (0x800 + random.nextInt(0xd000)));
					case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
					default -> text.append("\"\\/");
				}
			}
			String value = text.toString();
			expected.add(value);
			byte[] ascii = value.getBytes(StandardCharsets.UTF_8);
			Object read = ResultColumn.Utf8Text.of(ascii);
			rows.add(new Object[] { value, read });
		}
		JsonNode read = write(rows);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(read.get(i).get(0).asString()).isEqualTo(expected.get(i));
			assertThat(read.get(i).get(1).asString()).isEqualTo(expected.get(i));
		}
	}

	@Test
	void aLoneSurrogateBecomesTheReplacementCharacter() {
		JsonNode read = write(List.<Object[]>of(new Object[] { "a\ud800b", "\udc00" }));
		assertThat(read.get(0).get(0).asString()).isEqualTo("a\ufffdb");
		assertThat(read.get(0).get(1).asString()).isEqualTo("\ufffd");
	}

	@Test
	void aRowPastTheLimitIsLeftOutWhole() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JsonRows rows = new JsonRows(out);
		Object[] row = { "x".repeat(100) };
		int written = 0;
		while (rows.row(row, 10, 20, 1000)) {
			written++;
		}
		assertThat(written).isEqualTo(9);
		assertThat(rows.row(new Object[] { "small" }, 10, 20, 1000)).as("a smaller row still fits").isTrue();
		rows.flush();
		assertThat(10 + out.size() + 20).isLessThanOrEqualTo(1000);
		JsonNode read = JSON.readTree("[" + out.toString(StandardCharsets.UTF_8) + "]");
		assertThat(read.size()).isEqualTo(10);
		assertThat(read.get(9).get(0).asString()).isEqualTo("small");
	}

	@Test
	void valuesReadFromASourceNeverShowInToString() {
		assertThat(new ResultColumn.Utf8Text("jane@example.com".getBytes(StandardCharsets.US_ASCII)).toString())
			.doesNotContain("jane").contains("16 bytes");
		assertThat(ResultColumn.NumberText.postgres("4111111111111111".getBytes(StandardCharsets.US_ASCII)).toString())
			.doesNotContain("4111");
	}

	@Test
	void aValueThatFailsLeavesNoHalfRow() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JsonRows rows = new JsonRows(out);
		assertThat(rows.row(new Object[] { "first" }, 0, 0, Long.MAX_VALUE)).isTrue();
		Object failing = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no text");
			}
		};
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> rows.row(new Object[] { "x", failing }, 0, 0, Long.MAX_VALUE))
			.isInstanceOf(IllegalStateException.class);
		assertThat(rows.row(new Object[] { "last" }, 0, 0, Long.MAX_VALUE)).isTrue();
		rows.flush();
		JsonNode read = JSON.readTree("[" + out.toString(StandardCharsets.UTF_8) + "]");
		assertThat(read.size()).isEqualTo(2);
		assertThat(read.get(1).get(0).asString()).isEqualTo("last");
	}

	@Test
	void textFullOfEscapesIsWrittenWhole() {
		String escapes = "\u0001\"\\".repeat(JsonRows.FLUSH_AT);
		JsonNode read = write(List.<Object[]>of(new Object[] { escapes, new ResultColumn.Utf8Text(escapes.getBytes(StandardCharsets.US_ASCII)) }));
		assertThat(read.get(0).get(0).asString()).isEqualTo(escapes);
		assertThat(read.get(0).get(1).asString()).isEqualTo(escapes);
	}

	@Test
	void aRowLargerThanTheBufferIsWrittenWhole() {
		String big = "y".repeat(JsonRows.FLUSH_AT * 5);
		JsonNode read = write(List.<Object[]>of(new Object[] { big }, new Object[] { "after" }));
		assertThat(read.get(0).get(0).asString()).isEqualTo(big);
		assertThat(read.get(1).get(0).asString()).isEqualTo("after");
	}

	private static JsonNode write(List<Object[]> rows) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JsonRows writer = new JsonRows(out);
		for (Object[] row : rows) {
			assertThat(writer.row(row, 0, 0, Long.MAX_VALUE)).isTrue();
		}
		writer.flush();
		assertThat(writer.size()).isEqualTo(out.size());
		byte[] bytes = out.toByteArray();
		// strictly valid UTF-8: decoding with a reporting decoder throws on anything else
		try {
			StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			throw new AssertionError("not valid UTF-8", ex);
		}
		return JSON.readTree("[" + new String(bytes, StandardCharsets.UTF_8) + "]");
	}
}
