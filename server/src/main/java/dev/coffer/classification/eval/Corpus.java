package dev.coffer.classification.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import dev.coffer.classification.DetectedType;

/**
 * A labeled corpus for measuring the classifiers, generated from a seed (the same seed gives the
 * same corpus): tables of columns of every {@link DetectedType} under several naming styles
 * (snake_case, camelCase, upper case, abbreviations, and neutral or misleading names for types
 * whose values speak for themselves), decoy columns that look sensitive and are not (sequential
 * ids, order numbers, timestamps, SKUs, zip-like counters, version strings, hashes, UUIDs,
 * {@code email_verified} flags, {@code public_id}s, ...), plain non-sensitive columns, and free
 * texts with the spans of the sensitive values in them.
 */
public final class Corpus {

	private final List<LabeledTable> tables;

	private final List<LabeledText> texts;

	private Corpus(List<LabeledTable> tables, List<LabeledText> texts) {
		this.tables = List.copyOf(tables);
		this.texts = List.copyOf(texts);
	}

	/** The corpus the server's test suite evaluates: every column spec once, 40 rows, 60 texts. */
	public static Corpus small() {
		return generate(42, 1, 40, 60);
	}

	/** The benchmark's corpus: every column spec three times with other values, 200 rows, 1,000 texts. */
	public static Corpus full() {
		return generate(42, 3, 200, 1000);
	}

	/**
	 * @param rounds how many times each column spec is generated (each time with a new name variant and values)
	 * @param rows rows per table
	 * @param textCount labeled texts
	 */
	public static Corpus generate(long seed, int rounds, int rows, int textCount) {
		Random random = new Random(seed);
		Values values = new Values(random);
		List<LabeledColumn> columns = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			for (ColumnSpec spec : ColumnSpecs.ALL) {
				int size = spec.names().size();
				for (int variant = 0; variant < Math.min(2, size); variant++) {
					String name = spec.names().get((2 * round + variant) % size);
					columns.add(column(spec, name, values, rows));
				}
			}
		}
		List<LabeledTable> tables = new ArrayList<>();
		int perTable = 8;
		for (int from = 0, t = 1; from < columns.size(); from += perTable, t++) {
			List<LabeledColumn> part = unique(columns.subList(from, Math.min(columns.size(), from + perTable)));
			tables.add(new LabeledTable(String.format(Locale.ROOT, "eval_t%03d", t), part));
		}
		List<LabeledText> texts = new ArrayList<>();
		for (int i = 0; i < textCount; i++) {
			texts.add(Texts.paragraph(values));
		}
		return new Corpus(tables, texts);
	}

	private static LabeledColumn column(ColumnSpec spec, String name, Values values, int rows) {
		List<String> cells = new ArrayList<>(rows);
		Function<Values, String> generator = spec.generator();
		if (spec.sequential()) {
			// ids and order numbers: increasing from a random start by small random steps
			String format = generator.apply(values);
			long next = 1 + values.nextInt(1_000_000) + (format.contains("%010d") ? 2_024_000_000L : 0);
			for (int i = 0; i < rows; i++) {
				next += 1 + values.nextInt(40);
				cells.add(String.format(Locale.ROOT, format, next));
			}
		}
		else {
			for (int i = 0; i < rows; i++) {
				if (spec.nullable() && values.chance(0.1)) {
					cells.add(null);
				}
				else if (spec.label() != null && values.chance(0.03)) {
					// real columns hold a little junk: placeholders typed by hand
					cells.add(values.pick("N/A", "unknown", "-", "none", "TBD"));
				}
				else {
					cells.add(generator.apply(values));
				}
			}
		}
		return new LabeledColumn(name, spec.sqlType(), spec.label(), spec.decoy(), cells);
	}

	/** Column names unique within a table (a second {@code email} becomes {@code email_2}). */
	private static List<LabeledColumn> unique(List<LabeledColumn> columns) {
		Set<String> seen = new HashSet<>();
		List<LabeledColumn> out = new ArrayList<>();
		for (LabeledColumn column : columns) {
			String name = column.name();
			for (int n = 2; !seen.add(name.toLowerCase(Locale.ROOT)); n++) {
				name = column.name() + "_" + n;
			}
			out.add(name.equals(column.name()) ? column
					: new LabeledColumn(name, column.sqlType(), column.label(), column.decoy(), column.values()));
		}
		return out;
	}

	public List<LabeledTable> tables() {
		return this.tables;
	}

	public List<LabeledText> texts() {
		return this.texts;
	}

	/** Every column of every table. */
	public List<LabeledColumn> columns() {
		List<LabeledColumn> all = new ArrayList<>();
		for (LabeledTable table : this.tables) {
			all.addAll(table.columns());
		}
		return all;
	}

	/**
	 * About {@code chars} characters of mixed text for throughput measurement: the labeled
	 * paragraphs interleaved with plain prose, as in tickets, chat logs and emails.
	 */
	public static String mixedText(long seed, int chars) {
		Values values = new Values(new Random(seed));
		StringBuilder text = new StringBuilder(chars + 4096);
		while (text.length() < chars) {
			text.append(Texts.paragraph(values).text()).append("\n\n");
			text.append(Texts.prose(values)).append("\n\n");
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "Corpus[" + this.tables.size() + " tables, " + columns().size() + " columns, " + this.texts.size() + " texts]";
	}
}
