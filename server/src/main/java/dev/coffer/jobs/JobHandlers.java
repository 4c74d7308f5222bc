package dev.coffer.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/** The {@link JobHandler} beans, by type; two handlers of one type are a startup error. */
@Component
class JobHandlers {

	private final Map<String, JobHandler> byType = new LinkedHashMap<>();

	JobHandlers(List<JobHandler> handlers) {
		for (JobHandler handler : handlers) {
			JobHandler previous = this.byType.putIfAbsent(handler.type(), handler);
			if (previous != null) {
				throw new IllegalStateException("two job handlers for type '" + handler.type() + "': "
						+ previous.getClass().getName() + " and " + handler.getClass().getName());
			}
		}
	}

	Optional<JobHandler> find(String type) {
		return Optional.ofNullable(this.byType.get(type));
	}

	Set<String> types() {
		return this.byType.keySet();
	}
}
