package dev.coffer.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.coffer.CofferApplication;

/**
 * A Coffer server in a child JVM (this test class path, the embedded store), for what an
 * in-process server cannot show: a SIGKILL, another Java runtime.
 */
public final class ChildServer implements AutoCloseable {

	private static final long HEALTH_WAIT_SECONDS = 120;

	private final Process process;

	private final int port;

	private final Path log;

	private ChildServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts {@code javaHome/bin/java} on {@code dataDir} and waits until it is healthy. */
	public static ChildServer start(Path javaHome, Path dataDir, int port, Path log) throws IOException, InterruptedException {
		return start(javaHome, dataDir, port, log, List.of("-Xmx512m"), List.of());
	}

	/** As {@link #start(Path, Path, int, Path)}, with JVM options (e.g. a heap limit) and more server arguments. */
	public static ChildServer start(Path javaHome, Path dataDir, int port, Path log, List<String> jvmOptions,
			List<String> arguments) throws IOException, InterruptedException {
		Path argFile = dataDir.resolve("child-jvm.args");
		// an argument file: the test class path may be longer than a command line allows
		Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("@" + argFile);
		command.add(CofferApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--coffer.data-dir=" + dataDir);
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		// the child uses the embedded store and the root key file, whatever this JVM's environment says
		builder.environment().keySet().removeIf(name -> name.startsWith("COFFER_") || name.startsWith("SPRING_"));
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		ChildServer child = new ChildServer(builder.start(), port, log);
		child.awaitHealthy();
		return child;
	}

	public static Path currentJavaHome() {
		return Path.of(System.getProperty("java.home"));
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	public Process process() {
		return this.process;
	}

	public String log() throws IOException {
		String text = Files.readString(this.log, StandardCharsets.UTF_8);
		return text.length() <= 8_000 ? text : text.substring(text.length() - 8_000);
	}

	/** SIGKILL on Linux: no shutdown hook runs. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private void awaitHealthy() throws InterruptedException, IOException {
		Api anonymous = Api.anonymous(baseUrl());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEALTH_WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"child JVM exited with " + this.process.exitValue() + " before it was healthy:\n" + log());
			}
			try {
				if (anonymous.get("/actuator/health").status() == 200) {
					return;
				}
			}
			catch (IllegalStateException notListeningYet) {
				// keep waiting
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("child JVM not healthy within " + HEALTH_WAIT_SECONDS + " s:\n" + log());
	}
}
