package dev.coffer.catalog;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Map;

import javax.net.ssl.SSLException;

/**
 * Reduces a driver's failure to a reason code, looking only at exception classes, SQLSTATEs and
 * vendor codes, never at messages (they can hold the URL, the user name or the password).
 */
final class ConnectionErrors {

	static final String HOST_UNREACHABLE = "host_unreachable";

	static final String TIMEOUT = "timeout";

	static final String AUTH_FAILED = "auth_failed";

	static final String DATABASE_NOT_FOUND = "database_not_found";

	static final String TLS_FAILED = "tls_failed";

	static final String PERMISSION_DENIED = "permission_denied";

	static final String BUSY = "busy";

	static final String DRIVER_ERROR = "driver_error";

	static final String QUERY_FAILED = "query_failed";

	static final String TABLE_NOT_FOUND = "table_not_found";

	static final String CLASSIFIER_ERROR = "classifier_error";

	static final String STORE_FAILED = "store_failed";

	private static final Map<String, String> TEXTS = Map.ofEntries(
			Map.entry(HOST_UNREACHABLE, "the host is unknown or does not accept connections on that port"),
			Map.entry(TIMEOUT, "the database did not answer in time"),
			Map.entry(AUTH_FAILED, "the database refused the user name or password"),
			Map.entry(DATABASE_NOT_FOUND, "the database does not exist"),
			Map.entry(TLS_FAILED, "the TLS handshake failed"),
			Map.entry(PERMISSION_DENIED, "the database user lacks a privilege this needs"),
			Map.entry(BUSY, "every connection this data source allows (max_connections) is in use; retry shortly"),
			Map.entry(DRIVER_ERROR, "the driver reported an error"),
			Map.entry(QUERY_FAILED, "the database refused the query"),
			Map.entry(TABLE_NOT_FOUND, "the schema or table does not exist"),
			Map.entry(CLASSIFIER_ERROR, "the classifier failed on a column of the table"),
			Map.entry(STORE_FAILED, "Coffer could not store the table's results; see the server log"));

	private ConnectionErrors() {
	}

	static String describe(String reason) {
		return TEXTS.getOrDefault(reason, reason);
	}

	/** The reason for a failure to connect or to run a catalog query. */
	static String reason(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof UnknownHostException || cause instanceof NoRouteToHostException
					|| cause instanceof ConnectException) {
				return HOST_UNREACHABLE;
			}
			if (cause instanceof SocketTimeoutException || cause instanceof SQLTimeoutException) {
				return TIMEOUT;
			}
			if (cause instanceof SSLException) {
				return TLS_FAILED;
			}
			if (cause instanceof SQLException sql) {
				String byState = bySqlState(sql.getSQLState(), sql.getErrorCode());
				if (byState != null) {
					return byState;
				}
			}
		}
		return DRIVER_ERROR;
	}

	/** The reason for a failed sampling query: as {@link #reason}, or {@code query_failed}. */
	static String queryReason(Throwable failure) {
		String reason = reason(failure);
		return DRIVER_ERROR.equals(reason) ? QUERY_FAILED : reason;
	}

	private static String bySqlState(String state, int vendorCode) {
		// MariaDB/MySQL vendor codes first: they are precise where the SQLSTATE is generic (42000)
		switch (vendorCode) {
			case 1045, 1698 -> {
				return AUTH_FAILED;
			}
			case 1044, 1142, 1143, 1227 -> {
				return PERMISSION_DENIED;
			}
			case 1049 -> {
				return DATABASE_NOT_FOUND;
			}
			case 1146 -> {
				return TABLE_NOT_FOUND;
			}
			case 1969, 3024 -> {
				return TIMEOUT;
			}
			case 390100, 390101, 390144 -> {
				return AUTH_FAILED; // Snowflake: incorrect user name or password, locked user, JWT invalid
			}
			case 90146, 90013 -> {
				return DATABASE_NOT_FOUND; // H2: database not found
			}
			default -> {
			}
		}
		if (state == null) {
			return null;
		}
		if (state.startsWith("28") || state.equals("08004")) {
			return AUTH_FAILED;
		}
		if (state.equals("3D000")) {
			return DATABASE_NOT_FOUND;
		}
		if (state.equals("42501")) {
			return PERMISSION_DENIED;
		}
		if (state.equals("42P01") || state.equals("3F000") || state.equals("42S02") || state.equals("42102")) {
			return TABLE_NOT_FOUND;
		}
		if (state.equals("57014") || state.equals("HYT00") || state.equals("HYT01")) {
			return TIMEOUT;
		}
		if (state.startsWith("08")) {
			return HOST_UNREACHABLE;
		}
		return null;
	}
}
