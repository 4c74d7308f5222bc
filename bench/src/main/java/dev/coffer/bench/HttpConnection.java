package dev.coffer.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection over a plain blocking socket: the load generator's client.
 *
 * <p>Written for the benchmark instead of {@code java.net.http}: it does only what a request/response exchange
 * needs (write the request bytes, read the status line, the headers, a {@code Content-Length} or chunked body), so
 * the load generator spends as little of the machine's two cores as possible and leaves them to the server. It
 * reconnects when the server closes the connection (Tomcat closes a keep-alive connection after 100 requests by
 * default, {@code server.tomcat.max-keep-alive-requests}); the reconnect is part of the measured time, as it is for
 * any client. Not thread safe: one connection per load-generator thread.
 */
final class HttpConnection implements Closeable {

    /** A response: status and body (UTF-8). */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long connects;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The request head for {@code method path}; the body's length is appended by {@link #request}. */
    static byte[] request(String method, String path, String host, int port, String authorization, byte[] body) {
        StringBuilder b = new StringBuilder(256);
        b.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\n");
        if (authorization != null) {
            b.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            b.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * Sends a complete request (head and body) and reads the whole response. If a reused connection turns out to be
     * closed by the server before any byte of the response arrived (an idle keep-alive connection timed out), the
     * request is sent once more on a new connection.
     */
    Response exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return send(request);
        } catch (StaleConnection e) {
            if (!reused) {
                throw e;
            }
            return send(request);
        }
    }

    private Response send(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
        } catch (java.net.SocketException e) {
            close();
            throw new StaleConnection(e);
        }
        try {
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** How many TCP connections this client has opened so far. */
    long connects() {
        return connects;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(120_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
        connects++;
    }

    /** The server closed the connection before answering: nothing of a response was read. */
    private static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) {
            super("connection closed by the server before it answered", cause);
        }
    }

    private Response read() throws IOException {
        String status;
        try {
            status = line();
        } catch (EOFException | java.net.SocketException e) {
            throw new StaleConnection(e);
        }
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are ignored
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("response without Content-Length or chunked encoding");
        }
        if (closeAfter) {
            close();
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private int chunkSize() throws IOException {
        String l = line();
        int semi = l.indexOf(';');
        return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 16 * 1024)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("connection closed inside a response body");
            }
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
