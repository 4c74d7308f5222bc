package dev.coffer.client;

import java.time.Duration;

/** Waits between attempts; the tests swap in one that records the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {

	Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

	void sleep(Duration duration) throws InterruptedException;
}
