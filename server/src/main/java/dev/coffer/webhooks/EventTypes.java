package dev.coffer.webhooks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.coffer.api.error.ValidationFailedException;

/** The event types a subscription may choose. Add a type here when a feature starts publishing it. */
final class EventTypes {

	static final String TEST = "webhook.test";

	static final Set<String> ALL = Set.of("job.succeeded", "job.failed", "job.cancelled", "alert.fired",
			"api_key.created", "api_key.revoked", "key.rotated", "classification.completed", TEST);

	private EventTypes() {
	}

	/**
	 * @return the types, duplicates removed, in the order given
	 * @throws ValidationFailedException naming each unknown entry as {@code event_types[i]}
	 */
	static List<String> validate(List<String> types) {
		if (types == null || types.isEmpty()) {
			throw ValidationFailedException.of("event_types", "required", "must name at least one event type");
		}
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		for (int i = 0; i < types.size(); i++) {
			String type = types.get(i);
			if (type == null || !ALL.contains(type)) {
				errors.add(new ValidationFailedException.FieldError("event_types[" + i + "]", "unknown_event_type",
						"is not an event type; known types: " + String.join(", ", ALL.stream().sorted().toList())));
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		return List.copyOf(new LinkedHashSet<>(types));
	}
}
