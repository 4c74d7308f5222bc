package dev.coffer.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.Times;
import dev.coffer.api.paging.Paging;

/** The {@code webhook_subscriptions} table. Secrets arrive and leave sealed under the root key. */
@Component
class SubscriptionStore {

	static final String ACTIVE = "active";

	static final String DISABLED = "disabled";

	private static final String SELECT = """
			SELECT id, url, event_types, description, status, created_at, updated_at, created_by,
			       previous_secret_expires_at
			FROM webhook_subscriptions""";

	private final JdbcClient jdbc;

	SubscriptionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String url, List<String> eventTypes, String description, byte[] sealedSecret,
			String createdBy, OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO webhook_subscriptions (id, url, event_types, description, status, secret_sealed,
				                                   created_at, updated_at, created_by)
				VALUES (:id, :url, :types, :description, :status, :secret, :now, :now, :createdBy)""")
			.param("id", id)
			.param("url", url)
			.param("types", String.join(",", eventTypes))
			.param("description", description)
			.param("status", ACTIVE)
			.param("secret", sealedSecret)
			.param("now", now)
			.param("createdBy", createdBy)
			.update();
	}

	Optional<SubscriptionView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(SubscriptionStore::map).optional();
	}

	List<SubscriptionView> list(Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "1=1")).params(paging.sqlParams()).query(SubscriptionStore::map).list();
	}

	long count() {
		return this.jdbc.sql("SELECT count(*) FROM webhook_subscriptions").query(Long.class).single();
	}

	/** The active subscriptions that receive {@code eventType}. */
	List<SubscriptionView> activeFor(String eventType) {
		return this.jdbc.sql(SELECT + " WHERE status = :status ORDER BY id")
			.param("status", ACTIVE)
			.query(SubscriptionStore::map)
			.list()
			.stream()
			.filter(subscription -> subscription.eventTypes().contains(eventType))
			.toList();
	}

	boolean update(String id, String url, List<String> eventTypes, String description, String status,
			OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE webhook_subscriptions
				SET url = :url, event_types = :types, description = :description, status = :status, updated_at = :now
				WHERE id = :id""")
			.param("url", url)
			.param("types", String.join(",", eventTypes))
			.param("description", description)
			.param("status", status)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	boolean setStatus(String id, String status, OffsetDateTime now) {
		return this.jdbc.sql("UPDATE webhook_subscriptions SET status = :status, updated_at = :now WHERE id = :id")
			.param("status", status)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	/** Locks the row for the rest of the transaction (serializes rotations across nodes); false if gone. */
	boolean lock(String id) {
		return this.jdbc.sql("SELECT id FROM webhook_subscriptions WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(String.class)
			.optional()
			.isPresent();
	}

	/** Installs a new current secret; the old one signs alongside until {@code previousExpiresAt} (none if null). */
	void rotate(String id, byte[] newSealed, byte[] previousSealed, OffsetDateTime previousExpiresAt,
			OffsetDateTime now) {
		this.jdbc.sql("""
				UPDATE webhook_subscriptions
				SET secret_sealed = :secret, previous_secret_sealed = :previous,
				    previous_secret_expires_at = :previousExpiresAt, updated_at = :now
				WHERE id = :id""")
			.param("secret", newSealed)
			.param("previous", previousSealed, java.sql.Types.VARBINARY)
			.param("previousExpiresAt", previousExpiresAt)
			.param("now", now)
			.param("id", id)
			.update();
	}

	boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM webhook_subscriptions WHERE id = :id").param("id", id).update() == 1;
	}

	/** The sealed secrets of a subscription: the current one, and the previous one while its overlap lasts. */
	Optional<SealedSecrets> secrets(String id) {
		return this.jdbc.sql("""
				SELECT secret_sealed, previous_secret_sealed, previous_secret_expires_at
				FROM webhook_subscriptions WHERE id = :id""")
			.param("id", id)
			.query((rs, row) -> new SealedSecrets(rs.getBytes(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class)))
			.optional();
	}

	private static SubscriptionView map(ResultSet rs, int row) throws SQLException {
		String types = rs.getString(3);
		OffsetDateTime previous = rs.getObject(9, OffsetDateTime.class);
		if (previous != null && !previous.isAfter(Times.now())) {
			previous = null;
		}
		return new SubscriptionView(rs.getString(1), rs.getString(2),
				types.isEmpty() ? List.of() : Arrays.asList(types.split(",")), rs.getString(4), rs.getString(5),
				rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8), previous);
	}

	/** Ciphertexts only (AES-GCM under the root key); never a secret in the clear. */
	record SealedSecrets(byte[] current, byte[] previous, OffsetDateTime previousExpiresAt) {

		boolean previousActive(OffsetDateTime now) {
			return this.previous != null && this.previousExpiresAt != null && this.previousExpiresAt.isAfter(now);
		}
	}
}
