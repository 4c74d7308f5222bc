package dev.coffer.settings;

import java.util.Map;

/**
 * Published inside the transaction that changes settings; a listener that throws (the audit log,
 * when it cannot record the change) rolls the change back.
 *
 * @param changes setting name to its new value, {@code null} for reset to the default
 */
public record SettingsChanged(Map<String, String> changes) {
}
