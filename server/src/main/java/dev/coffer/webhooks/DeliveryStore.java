package dev.coffer.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.coffer.api.paging.Paging;

/**
 * The {@code webhook_deliveries} and {@code webhook_attempts} tables. Nodes claim due deliveries
 * with one conditional UPDATE of the lease columns, which only one node can win on either store.
 */
@Component
class DeliveryStore {

	static final String PENDING = "pending";

	static final String DELIVERED = "delivered";

	static final String FAILED = "failed";

	private static final String SELECT = """
			SELECT id, subscription_id, url, event_type, status, attempts, next_attempt_at, created_at, delivered_at
			FROM webhook_deliveries""";

	private final JdbcClient jdbc;

	DeliveryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String subscriptionId, String url, String eventType, String payload, OffsetDateTime now) {
		insert(id, subscriptionId, null, url, eventType, payload, now);
	}

	void insert(String id, String subscriptionId, String notifyOwner, String url, String eventType, String payload,
			OffsetDateTime now) {
		this.jdbc.sql("""
				INSERT INTO webhook_deliveries (id, subscription_id, notify_owner, url, event_type, payload, status, attempts,
				                                next_attempt_at, created_at)
				VALUES (:id, :subscriptionId, :notifyOwner, :url, :eventType, :payload, :status, 0, :now, :now)""")
			.param("id", id)
			.param("notifyOwner", notifyOwner)
			.param("subscriptionId", subscriptionId)
			.param("url", url)
			.param("eventType", eventType)
			.param("payload", payload)
			.param("status", PENDING)
			.param("now", now)
			.update();
	}

	/** Pending deliveries due by {@code now} and not leased, most overdue first: id and target URL. */
	List<Due> due(OffsetDateTime now, int limit) {
		return this.jdbc.sql("""
				SELECT id, url FROM webhook_deliveries
				WHERE status = :status AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now)
				ORDER BY next_attempt_at LIMIT :limit""")
			.param("status", PENDING)
			.param("now", now)
			.param("limit", limit)
			.query((rs, n) -> new Due(rs.getString(1), rs.getString(2)))
			.list();
	}

	/** A due delivery and where it goes. */
	record Due(String id, String url) {

		String host() {
			try {
				String host = java.net.URI.create(this.url).getHost();
				return host == null ? this.url : host.toLowerCase(java.util.Locale.ROOT);
			}
			catch (IllegalArgumentException ex) {
				return this.url;
			}
		}
	}

	/** Takes the lease of a due delivery; false if another node (or thread) has it or it is no longer due. */
	boolean claim(String id, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
		return this.jdbc.sql("""
				UPDATE webhook_deliveries SET lease_owner = :owner, lease_until = :leaseUntil
				WHERE id = :id AND status = :status AND next_attempt_at <= :now
				  AND (lease_until IS NULL OR lease_until < :now)""")
			.param("owner", owner)
			.param("leaseUntil", leaseUntil)
			.param("id", id)
			.param("status", PENDING)
			.param("now", now)
			.update() == 1;
	}

	/** What an attempt needs to know about a delivery. */
	Optional<Claimed> load(String id) {
		return this.jdbc.sql("""
				SELECT id, subscription_id, url, event_type, payload, attempts, created_at, notify_owner
				FROM webhook_deliveries WHERE id = :id""")
			.param("id", id)
			.query((rs, row) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8)))
			.optional();
	}

	/**
	 * Records an attempt's outcome and releases the lease, if this owner still holds it.
	 * @return false if the delivery is gone or the lease was lost (nothing recorded then)
	 */
	boolean finish(String id, String owner, String status, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {
		return this.jdbc.sql("""
				UPDATE webhook_deliveries
				SET status = :status, attempts = attempts + 1, next_attempt_at = :next,
				    delivered_at = COALESCE(:deliveredAt, delivered_at), lease_owner = NULL, lease_until = NULL
				WHERE id = :id AND lease_owner = :owner""")
			.param("status", status)
			.param("next", nextAttemptAt)
			.param("deliveredAt", deliveredAt)
			.param("id", id)
			.param("owner", owner)
			.update() == 1;
	}

	void insertAttempt(String deliveryId, AttemptView attempt) {
		this.jdbc.sql("""
				INSERT INTO webhook_attempts (delivery_id, attempt_number, attempted_at, http_status, error_code,
				                              error_text, duration_ms)
				VALUES (:deliveryId, :number, :at, :httpStatus, :errorCode, :errorText, :durationMs)""")
			.param("deliveryId", deliveryId)
			.param("number", attempt.number())
			.param("at", attempt.attemptedAt())
			.param("httpStatus", attempt.httpStatus())
			.param("errorCode", attempt.errorCode())
			.param("errorText", attempt.errorText())
			.param("durationMs", attempt.durationMs())
			.update();
	}

	/**
	 * Makes a delivery due now, whatever its status, unless an attempt is in flight.
	 * @return false if it does not exist or is being attempted
	 */
	boolean redeliver(String id, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE webhook_deliveries SET status = :status, next_attempt_at = :now
				WHERE id = :id AND (lease_until IS NULL OR lease_until < :now)""")
			.param("status", PENDING)
			.param("now", now)
			.param("id", id)
			.update() == 1;
	}

	Optional<DeliveryView> find(String id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(DeliveryStore::map).optional();
	}

	Optional<String> payload(String id) {
		return this.jdbc.sql("SELECT payload FROM webhook_deliveries WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	List<AttemptView> attempts(String deliveryId) {
		return this.jdbc.sql("""
				SELECT attempt_number, attempted_at, http_status, error_code, error_text, duration_ms
				FROM webhook_attempts WHERE delivery_id = :id ORDER BY attempt_number""")
			.param("id", deliveryId)
			.query((rs, row) -> new AttemptView(rs.getInt(1), rs.getObject(2, OffsetDateTime.class),
					rs.getObject(3, Integer.class), rs.getString(4), rs.getString(5), rs.getLong(6)))
			.list();
	}

	List<DeliveryView> list(String subscriptionId, Paging paging) {
		return this.jdbc.sql(paging.sql(SELECT, "subscription_id = :subscriptionId"))
			.params(paging.sqlParams())
			.param("subscriptionId", subscriptionId)
			.query(DeliveryStore::map)
			.list();
	}

	long count(String subscriptionId) {
		return this.jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE subscription_id = :subscriptionId")
			.param("subscriptionId", subscriptionId)
			.query(Long.class)
			.single();
	}

	private static DeliveryView map(ResultSet rs, int row) throws SQLException {
		String status = rs.getString(5);
		return new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), status,
				rs.getInt(6), PENDING.equals(status) ? rs.getObject(7, OffsetDateTime.class) : null,
				rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class), null, null);
	}

	/** A claimed delivery: the body to sign and send, and where. */
	record Claimed(String id, String subscriptionId, String url, String eventType, String payload, int attempts,
			OffsetDateTime createdAt, String notifyOwner) {
	}
}
