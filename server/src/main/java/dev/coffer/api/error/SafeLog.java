package dev.coffer.api.error;

/**
 * Describes a throwable for the server log without its messages: exception messages can carry SQL
 * text, bound values or secrets (a driver's "Key (name)=(value) already exists"), so a log line
 * holds only the exception classes and the stack frames.
 */
public final class SafeLog {

	private static final int MAX_FRAMES = 12;

	private SafeLog() {
	}

	public static String describe(Throwable throwable) {
		StringBuilder out = new StringBuilder();
		Throwable current = throwable;
		int depth = 0;
		while (current != null && depth++ < 5) {
			if (out.length() > 0) {
				out.append("\n  caused by ");
			}
			out.append(current.getClass().getName());
			StackTraceElement[] frames = current.getStackTrace();
			for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
				out.append("\n    at ").append(frames[i]);
			}
			current = current.getCause() == current ? null : current.getCause();
		}
		return out.toString();
	}
}
