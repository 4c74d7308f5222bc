package dev.coffer.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.fail;

/** A real webhook receiver on 127.0.0.1 that records every request and answers the statuses it is told. */
final class Receiver implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();

	private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private volatile int defaultStatus = 200;

	private Receiver(HttpServer server) {
		this.server = server;
	}

	static Receiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			Receiver receiver = new Receiver(server);
			server.createContext("/", exchange -> {
				try (InputStream in = exchange.getRequestBody()) {
					String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					Map<String, List<String>> headers = new LinkedHashMap<>();
					exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
					Integer queued = receiver.statuses.poll();
					int status = queued != null ? queued : receiver.defaultStatus;
					receiver.received.add(new Request(exchange.getRequestURI().getPath(), headers, body, status));
					exchange.sendResponseHeaders(status, -1);
				}
				finally {
					exchange.close();
				}
			});
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answers these statuses to the next requests, then the default. */
	void answer(Integer... statuses) {
		this.statuses.addAll(List.of(statuses));
	}

	void answerByDefault(int status) {
		this.defaultStatus = status;
	}

	/** The next request (waiting up to 20 s). */
	Request next() {
		try {
			Request request = this.received.poll(20, TimeUnit.SECONDS);
			if (request == null) {
				fail("the receiver got no request within 20 s");
			}
			return request;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Nothing arrives within {@code wait}. */
	Request poll(Duration wait) throws InterruptedException {
		return this.received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One received request. */
	record Request(String path, Map<String, List<String>> headers, String body, int answeredStatus) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		/** Verifies with the Standard Webhooks reference library; true if a signature matches. */
		boolean verifiesWith(String secret) {
			return verifies(secret, this.body);
		}

		boolean verifies(String secret, String body) {
			try {
				new Webhook(secret).verify(body, this.headers);
				return true;
			}
			catch (WebhookVerificationException ex) {
				return false;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}
}
