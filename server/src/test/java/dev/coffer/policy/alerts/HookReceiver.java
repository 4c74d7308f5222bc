package dev.coffer.policy.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.fail;

/** A real webhook receiver on 127.0.0.1 that answers 200 and keeps every body it gets. */
final class HookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

	private HookReceiver(HttpServer server) {
		this.server = server;
	}

	static HookReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			HookReceiver receiver = new HookReceiver(server);
			server.createContext("/", exchange -> {
				try (InputStream in = exchange.getRequestBody()) {
					receiver.bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
					exchange.sendResponseHeaders(200, -1);
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

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/alerts";
	}

	/** The next body (waiting up to 20 s). */
	String next() {
		try {
			String body = this.bodies.poll(20, TimeUnit.SECONDS);
			if (body == null) {
				fail("the receiver got no request within 20 s");
			}
			return body;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}
}
