package dev.coffer.settings;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A setting as the API shows it. */
@Schema(name = "Setting")
public record SettingView(
		@Schema(description = "The setting's name.", example = "rate_limit.requests_per_second_per_key") String name,
		@Schema(description = "Current value (the default unless changed): an integer or a boolean.") Object value,
		@Schema(description = "The value it has when not set.") Object defaultValue,
		@Schema(description = "Value type.", allowableValues = { "integer", "boolean" }) String type,
		@Schema(description = "Smallest allowed value (integers).") Long minimum,
		@Schema(description = "Largest allowed value (integers).") Long maximum,
		@Schema(description = "What the setting does.") String description,
		@Schema(description = "When it was last changed; absent while it has its default.") OffsetDateTime updatedAt,
		@Schema(description = "Who last changed it.") String updatedBy) {

	static SettingView of(SettingKey key, Settings.StoredValue stored) {
		boolean integer = key.type() == SettingKey.Type.INTEGER;
		String raw = stored == null ? key.defaultValue() : stored.value();
		return new SettingView(key.key(), typed(key, raw), typed(key, key.defaultValue()), key.type().value(),
				integer ? key.minimum() : null, integer ? key.maximum() : null, key.description(),
				stored == null ? null : stored.updatedAt(), stored == null ? null : stored.updatedBy());
	}

	private static Object typed(SettingKey key, String raw) {
		return key.type() == SettingKey.Type.INTEGER ? (Object) Long.parseLong(raw) : (Object) Boolean.parseBoolean(raw);
	}
}
