package dev.coffer.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * POSTs one signed webhook with the JDK HTTP client: bounded connect and response timeouts,
 * redirects never followed (a 3xx is a failure), the response body never read.
 */
final class HttpSender {

	private static final String USER_AGENT = "Coffer-Webhooks/1";

	private final HttpClient client;

	private final Duration requestTimeout;

	HttpSender(Duration connectTimeout, Duration requestTimeout, Executor executor) {
		this.client = HttpClient.newBuilder()
			.executor(executor)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.requestTimeout = requestTimeout;
	}

	/**
	 * @param signatures the {@code webhook-signature} header value, {@code v1,...} entries space-separated
	 * @throws InterruptedException if the node shuts down meanwhile (nothing is recorded then)
	 */
	Result send(URI target, String messageId, long timestamp, String signatures, String body)
			throws InterruptedException {
		HttpRequest request;
		try {
			request = HttpRequest.newBuilder(target)
				.timeout(this.requestTimeout)
				.header("Content-Type", "application/json")
				.header("User-Agent", USER_AGENT)
				.header("webhook-id", messageId)
				.header("webhook-timestamp", Long.toString(timestamp))
				.header("webhook-signature", signatures)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
		}
		catch (IllegalArgumentException ex) {
			return Result.error("send_failed", "The URL cannot be requested");
		}
		try {
			HttpResponse<InputStream> response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			response.body().close();
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return new Result(status, null, null);
			}
			return new Result(status, "http_status", "The receiver answered HTTP " + status);
		}
		catch (HttpTimeoutException ex) {
			return Result.error("timeout", "No response within the timeout");
		}
		catch (ConnectException ex) {
			return Result.error("connection_failed", "Could not connect to the receiver");
		}
		catch (IOException ex) {
			return Result.error("send_failed", "The request failed: " + ex.getClass().getSimpleName());
		}
	}

	/** An attempt's outcome: the HTTP status if a response came, else an error code and text without secrets. */
	record Result(Integer httpStatus, String errorCode, String errorText) {

		static Result error(String code, String text) {
			return new Result(null, code, text);
		}

		boolean delivered() {
			return this.errorCode == null;
		}
	}
}
