package dev.coffer.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Fixture of the tests that kill a server with SIGKILL and start it again on the same data
 * directory and port: the child JVM, its logs ({@code child-N.log}, kept with the directory when
 * the test fails) and its cleanup.
 */
public abstract class KilledServerTestBase {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	protected Path dataDir;

	protected int port;

	protected ChildServer child;

	private int starts;

	@BeforeEach
	void choosePort() throws IOException {
		assumeThat(System.getProperty("os.name").toLowerCase(Locale.ROOT)).as("destroyForcibly is SIGKILL").contains("linux");
		this.port = ChildServer.freePort();
	}

	@AfterEach
	void killChild() throws InterruptedException {
		if (this.child != null) {
			this.child.close();
		}
	}

	/** Starts (or starts again) the child on the data directory and port, and waits until it is healthy. */
	protected void startChild() throws IOException, InterruptedException {
		this.starts++;
		this.child = ChildServer.start(ChildServer.currentJavaHome(), this.dataDir, this.port, logFile(this.starts));
	}

	/** The log of the {@code start}-th start (from 1). */
	protected String log(int start) throws IOException {
		return Files.readString(logFile(start), StandardCharsets.UTF_8);
	}

	private Path logFile(int start) {
		return this.dataDir.resolve("child-" + start + ".log");
	}
}
