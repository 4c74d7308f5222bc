package dev.coffer.jobs;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Test-only: keeps every {@link JobFinished} this server published. */
@Component
class JobFinishedRecorder {

	private final List<JobFinished> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(JobFinished event) {
		this.events.add(event);
	}

	List<JobFinished> events() {
		return List.copyOf(this.events);
	}

	Optional<JobFinished> of(String jobId) {
		return this.events.stream().filter(event -> jobId.equals(event.job().get("id"))).findFirst();
	}
}
