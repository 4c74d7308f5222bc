package dev.coffer.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** JSON text of the store's JSON columns, and the API's view of a row. */
@Component
class JobJson {

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper json;

	JobJson(JsonMapper json) {
		this.json = json;
	}

	String write(Map<String, Object> value) {
		return value == null ? null : this.json.writeValueAsString(value);
	}

	/** The map in {@code text}, or {@code null} for {@code null}. */
	Map<String, Object> read(String text) {
		return text == null ? null : this.json.readValue(text, MAP);
	}

	<T> T convert(Map<String, Object> value, Class<T> type) {
		try {
			return this.json.convertValue(value, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("job parameters do not fit " + type.getSimpleName());
		}
	}

	JobView view(JobRow row) {
		return new JobView(row.id(), row.type(), row.status().value(),
				JobView.Progress.of(row.progressDone(), row.progressTotal(), row.status()), row.createdAt(),
				row.startedAt(), row.finishedAt(), read(row.result()), read(row.error()), row.attempts(),
				row.cancelRequested(), row.notifyUrl());
	}

	/** The job as the API shows it, as a JSON-shaped map (snake_case keys), for events. */
	Map<String, Object> asMap(JobView view) {
		return this.json.convertValue(view, MAP);
	}
}
