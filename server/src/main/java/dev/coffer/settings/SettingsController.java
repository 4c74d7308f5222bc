package dev.coffer.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/** {@code /api/v1/settings}: read and change server-wide preferences. */
@Tag(name = "Settings", description = "Typed, validated server-wide preferences.")
@RestController
@RequestMapping("/api/v1/settings")
class SettingsController {

	private final Settings settings;

	SettingsController(Settings settings) {
		this.settings = settings;
	}

	@Operation(summary = "List all settings", description = "Every setting with its value, default, type and bounds. Needs `settings:read`.")
	@GetMapping
	SettingsList list() {
		Authz.require(Permission.SETTINGS_READ);
		return new SettingsList(this.settings.all());
	}

	@Operation(summary = "Show one setting", description = "Needs `settings:read`.")
	@GetMapping("/{name}")
	SettingView show(@Parameter(description = "Setting name.") @PathVariable String name) {
		Authz.require(Permission.SETTINGS_READ);
		return this.settings.get(key(name));
	}

	@Operation(summary = "Change several settings at once",
			description = "Body: an object of setting name to new value (`null` resets to the default). Every value is "
					+ "validated first; if any is invalid nothing changes and the 400 lists each one. Needs `settings:write`.")
	@PatchMapping
	SettingsList update(@RequestBody Map<String, Object> changes) {
		Caller caller = Authz.require(Permission.SETTINGS_WRITE);
		if (changes.isEmpty()) {
			throw ValidationFailedException.of("", "required", "must name at least one setting");
		}
		this.settings.update(changes, caller.reference());
		return new SettingsList(this.settings.all());
	}

	@Operation(summary = "Change one setting", description = "Needs `settings:write`.")
	@PutMapping("/{name}")
	SettingView put(@PathVariable String name, @RequestBody SettingValue body) {
		Caller caller = Authz.require(Permission.SETTINGS_WRITE);
		SettingKey key = key(name);
		if (body.value() == null) {
			throw ValidationFailedException.of("value", "required", "must be given; DELETE resets to the default");
		}
		Map<String, Object> change = new LinkedHashMap<>();
		change.put(key.key(), body.value());
		try {
			this.settings.update(change, caller.reference());
		}
		catch (ValidationFailedException ex) {
			throw new ValidationFailedException(ex.errors()
				.stream()
				.map(e -> new ValidationFailedException.FieldError("value", e.code(), e.message()))
				.toList());
		}
		return this.settings.get(key);
	}

	@Operation(summary = "Reset a setting to its default", description = "Needs `settings:write`.")
	@DeleteMapping("/{name}")
	SettingView reset(@PathVariable String name) {
		Caller caller = Authz.require(Permission.SETTINGS_WRITE);
		SettingKey key = key(name);
		Map<String, Object> change = new LinkedHashMap<>();
		change.put(key.key(), null);
		this.settings.update(change, caller.reference());
		return this.settings.get(key);
	}

	private static SettingKey key(String name) {
		return SettingKey.fromKey(name).orElseThrow(() -> ApiException.notFound("Setting", name));
	}

	/** All settings. */
	record SettingsList(@Schema(description = "Every setting.") List<SettingView> data) {
	}

	/** A new value for one setting. */
	record SettingValue(@Schema(description = "The new value: an integer or a boolean, per the setting's type.") Object value) {
	}
}
