package dev.coffer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits the client asks for instead of sleeping, so retry tests run at once. */
final class RecordingSleeper implements Sleeper {

	private final List<Duration> waits = new ArrayList<>();

	@Override
	public synchronized void sleep(Duration duration) {
		this.waits.add(duration);
	}

	synchronized List<Duration> waits() {
		return List.copyOf(this.waits);
	}
}
