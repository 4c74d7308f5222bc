package dev.coffer.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP proxy in front of the real server that misbehaves on cue: each request takes the
 * next scripted {@link Fault} (then {@link Fault#PASS}), and every request is recorded with its
 * Idempotency-Key and what the server answered, so a test can see what the client retried.
 */
final class FaultProxy implements AutoCloseable {

	enum Fault {
		/** Forward and relay the answer. */
		PASS,
		/** Forward (the server does the work), then answer 503 instead of the server's answer. */
		FORWARD_THEN_503,
		/** Forward (the server does the work), then close the connection without an answer. */
		FORWARD_THEN_DROP,
		/** Do not forward; answer 429 rate_limited with Retry-After: 3. */
		REFUSE_429,
		/** Do not forward; answer 409 idempotency_request_in_progress. */
		REFUSE_409_IN_PROGRESS,
		/** Do not forward; answer 502 with an HTML body, as a load balancer would. */
		REFUSE_502
	}

	/** One request the proxy received, and what the server answered if it was forwarded. */
	record Exchange(String path, String idempotencyKey, String requestBody, Fault fault, int upstreamStatus,
			String upstreamBody, boolean upstreamReplayed) {
	}

	static final String RETRY_AFTER_SECONDS = "3";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String target;

	private final Deque<Fault> script = new ArrayDeque<>();

	private final List<Exchange> exchanges = new ArrayList<>();

	FaultProxy(String target) throws IOException {
		this.target = target;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The faults for the next requests, in order; later requests pass. */
	synchronized FaultProxy script(Fault... faults) {
		this.script.addAll(List.of(faults));
		return this;
	}

	synchronized List<Exchange> exchanges() {
		return List.copyOf(this.exchanges);
	}

	private synchronized Fault nextFault() {
		return this.script.isEmpty() ? Fault.PASS : this.script.poll();
	}

	private synchronized void record(Exchange exchange) {
		this.exchanges.add(exchange);
	}

	private void handle(HttpExchange exchange) throws IOException {
		Fault fault = nextFault();
		String path = exchange.getRequestURI().toString();
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String requestBody = new String(body, StandardCharsets.UTF_8);
		switch (fault) {
			case REFUSE_429 -> {
				record(new Exchange(path, key, requestBody, fault, 0, null, false));
				exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
				respond(exchange, 429, "application/problem+json", problem(429, "rate_limited",
						"Rate limit of 1 requests per second exceeded for this key"));
				return;
			}
			case REFUSE_409_IN_PROGRESS -> {
				record(new Exchange(path, key, requestBody, fault, 0, null, false));
				respond(exchange, 409, "application/problem+json", problem(409, "idempotency_request_in_progress",
						"A request with this Idempotency-Key is still in progress"));
				return;
			}
			case REFUSE_502 -> {
				record(new Exchange(path, key, requestBody, fault, 0, null, false));
				respond(exchange, 502, "text/html", "<html><body>502 Bad Gateway</body></html>");
				return;
			}
			default -> {
				// forwarded below
			}
		}
		HttpResponse<String> answer = forward(exchange, path, body);
		boolean replayed = answer.headers().firstValue("Idempotent-Replayed").isPresent();
		record(new Exchange(path, key, requestBody, fault, answer.statusCode(), answer.body(), replayed));
		switch (fault) {
			case FORWARD_THEN_503 -> respond(exchange, 503, "application/problem+json",
					problem(503, "service_unavailable", "A dependency of this operation is not reachable"));
			case FORWARD_THEN_DROP -> {
				// no status line, no headers: the client sees the connection end without an answer
				throw new IOException("fault injected: connection dropped");
			}
			default -> {
				answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
				answer.headers().firstValue("Retry-After").ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
				answer.headers().firstValue("X-Request-Id").ifPresent(value -> exchange.getResponseHeaders().set("X-Request-Id", value));
				byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	private HttpResponse<String> forward(HttpExchange exchange, String path, byte[] body) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.target + path))
			.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
		for (String header : List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key", "User-Agent")) {
			String value = exchange.getRequestHeaders().getFirst(header);
			if (value != null) {
				request.header(header, value);
			}
		}
		try {
			return this.upstream.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static String problem(int status, String code, String message) {
		return "{\"type\":\"about:blank\",\"status\":" + status + ",\"code\":\"" + code + "\",\"message\":\"" + message
				+ "\",\"request_id\":\"req_proxy\"}";
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}
}
