package dev.coffer.settings;

import dev.coffer.api.Times;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.coffer.api.error.ValidationFailedException;

/**
 * Typed, validated server-wide preferences, stored in the {@code settings} table. Reads are
 * cached for {@link #CACHE_TTL} so hot paths (rate limits) do not query the store per request; a
 * change through this node is visible here at once and on other nodes within the TTL.
 */
@Component
public class Settings {

	public static final SettingKey IDEMPOTENCY_RETENTION_HOURS = SettingKey.IDEMPOTENCY_RETENTION_HOURS;

	static final Duration CACHE_TTL = Duration.ofSeconds(2);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LoadingCache<Boolean, Map<String, StoredValue>> cache;

	private final ApplicationEventPublisher events;

	Settings(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).build(any -> load());
	}

	public long getLong(SettingKey key) {
		return Long.parseLong(value(key));
	}

	public int getInt(SettingKey key) {
		return Math.toIntExact(getLong(key));
	}

	public boolean getBoolean(SettingKey key) {
		return Boolean.parseBoolean(value(key));
	}

	/** Every setting with its current value, in declaration order. */
	public List<SettingView> all() {
		Map<String, StoredValue> stored = this.cache.get(Boolean.TRUE);
		List<SettingView> views = new ArrayList<>();
		for (SettingKey key : SettingKey.values()) {
			views.add(SettingView.of(key, stored.get(key.key())));
		}
		return views;
	}

	public SettingView get(SettingKey key) {
		return SettingView.of(key, this.cache.get(Boolean.TRUE).get(key.key()));
	}

	/**
	 * Validates every change first, then writes them in one transaction: either all apply or none.
	 * A {@code null} value resets the setting to its default.
	 * @throws ValidationFailedException listing every unknown name and invalid value
	 */
	public void update(Map<String, Object> changes, String actor) {
		List<ValidationFailedException.FieldError> errors = new ArrayList<>();
		Map<SettingKey, String> parsed = new LinkedHashMap<>();
		changes.forEach((name, value) -> {
			SettingKey key = SettingKey.fromKey(name).orElse(null);
			if (key == null) {
				errors.add(new ValidationFailedException.FieldError(name, "unknown_setting",
						"is not a setting; GET /api/v1/settings lists them"));
				return;
			}
			if (value == null) {
				parsed.put(key, null);
				return;
			}
			String normalized = normalize(key, value);
			if (normalized == null) {
				errors.add(new ValidationFailedException.FieldError(name, "invalid_type", "must be of type "
						+ key.type().value() + (key.type() == SettingKey.Type.INTEGER ? " between " + key.minimum()
								+ " and " + key.maximum() : "")));
				return;
			}
			parsed.put(key, normalized);
		});
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		OffsetDateTime now = Times.now();
		Map<String, String> applied = new LinkedHashMap<>();
		parsed.forEach((key, value) -> applied.put(key.key(), value));
		this.transactions.executeWithoutResult(status -> {
			parsed.forEach((key, value) -> write(key, value, actor, now));
			this.events.publishEvent(new SettingsChanged(java.util.Collections.unmodifiableMap(applied)));
		});
		this.cache.invalidateAll();
	}

	private void write(SettingKey key, String value, String actor, OffsetDateTime now) {
		if (value == null) {
			this.jdbc.sql("DELETE FROM settings WHERE name = :name").param("name", key.key()).update();
			return;
		}
		int updated = this.jdbc.sql("UPDATE settings SET setting_value = :value, updated_at = :now, updated_by = :actor WHERE name = :name")
			.param("value", value)
			.param("now", now)
			.param("actor", actor)
			.param("name", key.key())
			.update();
		if (updated == 0) {
			// ON CONFLICT keeps the transaction usable on PostgreSQL (a failed INSERT would abort it)
			int inserted = this.jdbc.sql("""
					INSERT INTO settings (name, setting_value, updated_at, updated_by) VALUES (:name, :value, :now, :actor)
					ON CONFLICT DO NOTHING""")
				.param("name", key.key())
				.param("value", value)
				.param("now", now)
				.param("actor", actor)
				.update();
			if (inserted == 0) {
				write(key, value, actor, now);
			}
		}
	}

	/** The value in canonical text form, or {@code null} if it is not valid for the setting. */
	static String normalize(SettingKey key, Object value) {
		return switch (key.type()) {
			case BOOLEAN -> value instanceof Boolean flag ? flag.toString() : null;
			case INTEGER -> {
				if (!(value instanceof Number number) || number instanceof Double || number instanceof Float
						|| number instanceof java.math.BigDecimal) {
					yield null;
				}
				if (number instanceof java.math.BigInteger big && big.bitLength() > 62) {
					yield null;
				}
				long parsed = number.longValue();
				yield parsed < key.minimum() || parsed > key.maximum() ? null : Long.toString(parsed);
			}
		};
	}

	private String value(SettingKey key) {
		StoredValue stored = this.cache.get(Boolean.TRUE).get(key.key());
		return stored == null ? key.defaultValue() : stored.value();
	}

	private Map<String, StoredValue> load() {
		Map<String, StoredValue> values = new HashMap<>();
		this.jdbc.sql("SELECT name, setting_value, updated_at, updated_by FROM settings")
			.query(rs -> {
				values.put(rs.getString(1),
						new StoredValue(rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4)));
			});
		return values;
	}

	record StoredValue(String value, OffsetDateTime updatedAt, String updatedBy) {
	}
}
