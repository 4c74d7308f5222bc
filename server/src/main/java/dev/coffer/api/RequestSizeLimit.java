package dev.coffer.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.ProblemWriter;

/**
 * Caps request bodies at {@code coffer.api.max-request-bytes} (default 32 MiB): a declared
 * Content-Length above it is refused at once with 413; a chunked body is counted as it is read and
 * fails with {@link TooLargeException}, which the problem handler turns into the same 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestSizeLimit extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemWriter problems;

	RequestSizeLimit(@Value("${coffer.api.max-request-bytes:33554432}") long maxBytes, ProblemWriter problems) {
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			this.problems.write(request, response, tooLarge(this.maxBytes));
			return;
		}
		chain.doFilter(request.getContentLengthLong() >= 0 ? request : new Limited(request, this.maxBytes), response);
	}

	public static ApiException tooLarge(long maxBytes) {
		return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBytes + " bytes");
	}

	/** Thrown while reading a chunked body past the limit. */
	public static final class TooLargeException extends IOException {

		private final long maxBytes;

		TooLargeException(long maxBytes) {
			super("request body exceeds " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		public long maxBytes() {
			return this.maxBytes;
		}
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {
					private long count;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0) {
							count(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(long n) throws TooLargeException {
						this.count += n;
						if (this.count > Limited.this.maxBytes) {
							throw new TooLargeException(Limited.this.maxBytes);
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}
				};
			}
			return this.stream;
		}
	}
}
