package dev.coffer.api;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Time-ordered identifiers (UUIDv7, RFC 9562 §5.7) for every resource: ordering by id is creation
 * order, which cursor pagination relies on.
 */
public final class Ids {

	private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

	private Ids() {
	}

	public static String next() {
		return GENERATOR.generate().toString();
	}
}
