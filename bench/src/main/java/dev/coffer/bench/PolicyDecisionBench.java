package dev.coffer.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.coffer.policy.ColumnRef;
import dev.coffer.policy.ColumnTag;
import dev.coffer.policy.DecisionProbe;

/**
 * In-process column decisions per second of the decision engine (issue 6: at least 200,000/s), on
 * a realistic snapshot (200 column policies, 50 tag policies, 10 roles) in batches of 100 columns,
 * one thread, next to the limit of the same run: the same loop over the same batches doing only a
 * hash lookup of each column and of its tags (what any index-based decision needs at least).
 * Rounds of engine and limit alternate, so that the machine's load hits both alike.
 *
 * <pre>bench/run-policy-decisions [--rounds N] [--round-ms N] [--out FILE]</pre>
 */
public final class PolicyDecisionBench {

	static final double TARGET = 200_000;

	private static final int BATCH = 100;

	private static final int BATCHES = 512;

	private PolicyDecisionBench() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = 5;
		long roundMs = 2_000;
		long warmupMs = 4_000;
		Path out = Path.of("bench/results/policy-decisions.md");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--round-ms" -> roundMs = Long.parseLong(args[++i]);
				case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
				case "--out" -> out = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		DecisionProbe probe = DecisionProbe.realistic(42, 200, 50, 10);
		Random random = new Random(7);
		List<List<ColumnRef>> batches = new ArrayList<>();
		List<Map<ColumnRef, List<ColumnTag>>> tags = new ArrayList<>();
		List<List<String>> principals = new ArrayList<>();
		for (int i = 0; i < BATCHES; i++) {
			List<ColumnRef> batch = probe.batch(random, BATCH);
			batches.add(batch);
			tags.add(probe.tags(random, batch));
			principals.add(List.of("role_" + random.nextInt(10), "role_" + random.nextInt(10), "auditor"));
		}
		double load = loadAverage();
		run(probe, batches, tags, principals, warmupMs, true);
		run(probe, batches, tags, principals, warmupMs, false);
		double[] engine = new double[rounds];
		double[] limit = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			engine[r] = run(probe, batches, tags, principals, roundMs, true);
			limit[r] = run(probe, batches, tags, principals, roundMs, false);
			System.out.printf("round %d: engine %,.0f decisions/s, limit %,.0f lookups/s%n", r + 1, engine[r], limit[r]);
		}
		double engineMedian = median(engine);
		double limitMedian = median(limit);
		double loadEnd = loadAverage();
		String report = report(engineMedian, limitMedian, engine, limit, rounds, roundMs, load, loadEnd);
		System.out.println(report);
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, report);
		System.out.println("written to " + out);
	}

	/** Decisions (or limit lookups) per second over {@code millis}. */
	private static double run(DecisionProbe probe, List<List<ColumnRef>> batches, List<Map<ColumnRef, List<ColumnTag>>> tags,
			List<List<String>> principals, long millis, boolean engine) {
		long end = System.nanoTime() + millis * 1_000_000;
		long start = System.nanoTime();
		long columns = 0;
		int sink = 0;
		int i = 0;
		Map<ColumnRef, Integer> index = engine ? null : limitIndex(batches);
		while (System.nanoTime() < end) {
			for (int k = 0; k < 16; k++, i = (i + 1) % batches.size()) {
				List<ColumnRef> batch = batches.get(i);
				if (engine) {
					sink += probe.decide(principals.get(i), batch, tags.get(i));
				}
				else {
					Map<ColumnRef, List<ColumnTag>> batchTags = tags.get(i);
					for (ColumnRef column : batch) {
						sink += index.getOrDefault(column, 0) + batchTags.getOrDefault(column, List.of()).size();
					}
				}
				columns += batch.size();
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (sink == 42) {
			System.out.print("");
		}
		return columns / seconds;
	}

	private static Map<ColumnRef, Integer> limitIndex(List<List<ColumnRef>> batches) {
		Map<ColumnRef, Integer> index = new HashMap<>();
		for (List<ColumnRef> batch : batches) {
			for (ColumnRef column : batch) {
				index.put(column, column.column().length());
			}
		}
		return index;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static String report(double engine, double limit, double[] engines, double[] limits, int rounds, long roundMs,
			double loadStart, double loadEnd) {
		StringBuilder text = new StringBuilder();
		text.append("# Policy decisions in process (issue 6)\n\n");
		text.append("Measured ").append(LocalDate.now()).append(" by `bench/run-policy-decisions` on ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ").append(System.getProperty("java.version"))
			.append(", load average ").append(String.format("%.1f", loadStart)).append(" at the start and ")
			.append(String.format("%.1f", loadEnd)).append(" at the end: the machine was shared with other engineers' builds, ")
			.append("so figures are lower and noisier than on a quiet machine.\n\n");
		text.append("Snapshot: 200 column policies (one in five through a `*`), 50 tag policies over 20 tags, 10 data roles, ")
			.append("2 to 4 rules a policy; batches of 100 columns drawn from 18,000 (5 data sources x 3 schemas x 40 tables x ")
			.append("30 columns), each with 0 to 2 catalog tags; the principal holds 2 data roles and `auditor`. One thread, ")
			.append(rounds).append(" rounds of ").append(roundMs).append(" ms each for the engine and the limit, alternating; ")
			.append("medians.\n\n");
		text.append("| | per second | ratio |\n| --- | ---: | ---: |\n");
		text.append(String.format("| column decisions (`PolicySnapshot.decide` as `AccessEngine.decide` calls it) | %,.0f | |%n", engine));
		text.append(String.format("| limit: hash lookups of the same columns and their tags | %,.0f | engine / limit %.3f |%n",
				limit, engine / limit));
		text.append(String.format("| target | %,.0f | engine / target **%.1fx** |%n", TARGET, engine / TARGET));
		text.append("\nRounds (engine, limit): ");
		for (int i = 0; i < engines.length; i++) {
			text.append(i == 0 ? "" : "; ").append(String.format("%,.0f / %,.0f", engines[i], limits[i]));
		}
		text.append(".\n");
		return text.toString();
	}
}
