package drover.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what real clients will not send: pipelined requests, malformed
 * or over-limit requests, requests cut off half way. Reads responses strictly (CRLF line ends,
 * Content-Length or chunked bodies, or a body up to the close).
 */
final class RawHttpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(int port) throws IOException {
        this(port, Duration.ofSeconds(30));
    }

    /** @param readTimeout how long a read may wait (scaled by Deadline) before it fails */
    RawHttpClient(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) Deadline.scaled(readTimeout).toMillis());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends text as one write, one byte per char. */
    RawHttpClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttpClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Half-closes: the server sees the end of the input but may still answer. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads the next response, its body framed as for a request with a method other than HEAD. */
    HttpReply read() throws IOException {
        return read(false);
    }

    HttpReply read(boolean toHead) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a field line: " + line);
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        HttpReply head = new HttpReply(parts[0], status, fields, new byte[0]);
        if (toHead || status < 200 || status == 204 || status == 304) {
            return head;
        }
        byte[] body;
        if (head.field("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(head.field("Content-Length")));
        } else if ("chunked".equalsIgnoreCase(head.field("Transfer-Encoding"))) {
            body = chunkedBody();
        } else {
            body = in.readAllBytes(); // delimited by the close
        }
        return new HttpReply(parts[0], status, fields, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: not used by these tests
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            if (b == '\n') {
                if (line.isEmpty() || line.charAt(line.length() - 1) != '\r') {
                    throw new IOException("bare LF in a response after \"" + line + "\"");
                }
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
    }

    /** True when the server closed the connection (EOF or reset) before the timeout, with no byte more. */
    boolean closedByServer() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected the close, got more bytes starting with 0x" + Integer.toHexString(b));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
