package dev.coffer.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.coffer.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared pieces of the catalog tests: the loaded source databases, keys with a role, waits, a log capture. */
final class CatalogFixtures {

	private static String postgres;

	private static String mariadb;

	private CatalogFixtures() {
	}

	/** One PostgreSQL database with the fixture for the whole run. */
	static synchronized String postgres() {
		if (postgres == null) {
			postgres = SourceDatabases.postgres();
		}
		return postgres;
	}

	/** One MariaDB database with the fixture for the whole run (dropped at exit). */
	static synchronized String mariadb() {
		if (mariadb == null) {
			mariadb = SourceDatabases.mariadb();
			String name = mariadb;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					SourceDatabases.dropMariadb(name);
				}
				catch (RuntimeException ex) {
					// best effort
				}
			}));
		}
		return mariadb;
	}

	/** Registers a data source and answers its id. */
	static String register(Api admin, String type, String url, String username, String password) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("name", type + "-" + System.nanoTime());
		body.put("type", type);
		body.put("jdbc_url", url);
		body.put("username", username);
		if (password != null) {
			body.put("password", password);
		}
		Api.Response created = admin.post("/api/v1/data-sources", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.field("id");
	}

	static String registerPostgres(Api admin) {
		return register(admin, "postgresql", SourceDatabases.postgresUrl(postgres()), "postgres", "");
	}

	static String registerMariadb(Api admin) {
		return register(admin, "mysql", SourceDatabases.mariadbUrl(mariadb()), SourceDatabases.MARIADB_USER,
				SourceDatabases.MARIADB_PASSWORD);
	}

	/** A client holding a new key with one role. */
	static Api withRole(Api admin, String role) {
		Api.Response account = admin.post("/api/v1/service-accounts", Map.of("name", role + "-" + System.nanoTime()));
		Api.Response key = admin.post("/api/v1/api-keys", Map.of("principal_id", account.field("id"), "roles", List.of(role)));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		return admin.anonymous().bearer(key.field("bearer_token"));
	}

	static JsonNode awaitJob(Api api, String id, Predicate<JsonNode> until, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode last;
		while (true) {
			Api.Response response = api.get("/api/v1/jobs/" + id);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			last = response.json();
			if (until.test(last)) {
				return last;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("gave up waiting on job " + id + "; last: " + last);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	/** Starts a classification and waits for it to end; answers the job. */
	static JsonNode classify(Api api, String dataSourceId, Map<String, Object> body) {
		Api.Response started = api.post("/api/v1/data-sources/" + dataSourceId + "/classifications", body);
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + started.field("id"));
		JsonNode job = awaitJob(api, started.field("id"), j -> List.of("succeeded", "failed", "cancelled")
			.contains(j.get("status").asString()), Duration.ofSeconds(120));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
		return job;
	}

	/** Every column of a data source, through cursor pagination. */
	static List<JsonNode> columns(Api api, String dataSourceId, String query) {
		List<JsonNode> all = new ArrayList<>();
		String cursor = null;
		do {
			Api.Response page = api.get("/api/v1/data-sources/" + dataSourceId + "/columns?limit=7" + (query.isEmpty() ? "" : "&" + query)
					+ (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().get("data").forEach(all::add);
			cursor = page.json().has("next_cursor") ? page.json().get("next_cursor").asString() : null;
		}
		while (cursor != null);
		return all;
	}

	static JsonNode column(List<JsonNode> columns, String table, String column) {
		return columns.stream()
			.filter(c -> c.get("table").asString().equals(table) && c.get("column").asString().equals(column))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no column " + table + "." + column));
	}

	static List<String> tagNames(JsonNode column) {
		List<String> names = new ArrayList<>();
		column.get("tags").forEach(tag -> names.add(tag.get("name").asString()));
		return names;
	}

	/** Captures every log event of this JVM (the in-process servers log here) until closed. */
	static final class LogCapture implements AutoCloseable {

		private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

		LogCapture() {
			this.appender.start();
			attach();
		}

		/** (Re)attaches to the root logger: starting a server resets the logging system. */
		void attach() {
			Logger current = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			if (!current.isAttached(this.appender)) {
				current.addAppender(this.appender);
			}
		}

		String text() {
			StringBuilder text = new StringBuilder();
			synchronized (this.appender.list) {
				for (ILoggingEvent event : this.appender.list) {
					text.append(event.getFormattedMessage()).append('\n');
					if (event.getThrowableProxy() != null) {
						text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
					}
				}
			}
			return text.toString();
		}

		int events() {
			return this.appender.list.size();
		}

		@Override
		public void close() {
			((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this.appender);
			this.appender.stop();
		}
	}
}
