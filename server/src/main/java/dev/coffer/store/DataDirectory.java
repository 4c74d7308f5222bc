package dev.coffer.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The node's data directory ({@code coffer.data-dir}): created owner-only, and the one place that
 * writes owner-only files (root key, bootstrap credentials) atomically.
 */
public final class DataDirectory {

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

	private final Path root;

	private DataDirectory(Path root) {
		this.root = root;
	}

	/** Opens (creating if needed, mode 0700) the data directory at {@code root}. */
	public static DataDirectory open(Path root) {
		Path absolute = root.toAbsolutePath().normalize();
		try {
			if (!Files.isDirectory(absolute)) {
				Files.createDirectories(absolute);
				if (isPosix(absolute)) {
					Files.setPosixFilePermissions(absolute, OWNER_ONLY_DIR);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create data directory " + absolute, ex);
		}
		return new DataDirectory(absolute);
	}

	public Path root() {
		return this.root;
	}

	public Path resolve(String name) {
		return this.root.resolve(name);
	}

	/**
	 * Writes {@code content} to {@code name} with mode 0600: the bytes go to a temporary file that
	 * is created owner-only (never readable by others, not even briefly), forced to disk, then
	 * moved into place atomically.
	 */
	public Path writeOwnerOnly(String name, byte[] content) {
		Path target = resolve(name);
		Path tmp = resolve("." + name + ".tmp");
		try {
			Files.deleteIfExists(tmp);
			if (isPosix(this.root)) {
				Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
			}
			else {
				Files.createFile(tmp);
			}
			try (var channel = Files.newByteChannel(tmp, StandardOpenOption.WRITE)) {
				channel.write(java.nio.ByteBuffer.wrap(content));
			}
			try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (FileAlreadyExistsException ex) {
			throw new UncheckedIOException("temporary file exists: " + tmp, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + target, ex);
		}
	}

	private static boolean isPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}
}
