package drover.bench.tfb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A keep-alive HTTP/1.1 connection to 127.0.0.1 that sends GETs, one or several pipelined in one
 * write, and reads their responses exactly as sent: nothing is hidden or added, so the verifier
 * sees every header the server wrote and how the body was framed.
 */
final class RawHttpClient implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final int port;
    private final Socket socket;
    private final InputStream in;

    RawHttpClient(int port, int timeoutMillis) throws IOException {
        this.port = port;
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
    }

    HttpResponse get(String target) throws IOException {
        return pipelined(target, 1).getFirst();
    }

    /** Writes count requests for target in one write, then reads count responses. */
    List<HttpResponse> pipelined(String target, int count) throws IOException {
        String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n";
        socket.getOutputStream().write(request.repeat(count).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        List<HttpResponse> responses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            responses.add(read());
        }
        return responses;
    }

    private HttpResponse read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String field = line(); !field.isEmpty(); field = line()) {
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header field: '" + field + "'");
            }
            headers.computeIfAbsent(field.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(field.substring(colon + 1).strip());
        }
        HttpResponse head = new HttpResponse(Integer.parseInt(parts[1]), headers, new byte[0]);
        byte[] body;
        String encoding = head.header("Transfer-Encoding");
        String length = head.header("Content-Length");
        if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
            body = chunked();
        } else if (length != null && length.matches("\\d{1,9}") && Integer.parseInt(length) <= MAX_BODY) {
            body = in.readNBytes(Integer.parseInt(length));
            if (body.length < Integer.parseInt(length)) {
                throw new EOFException("the body ended after " + body.length + " of its Content-Length " + length + " bytes");
            }
        } else {
            throw new IOException("a response without a usable Content-Length or chunked Transfer-Encoding"
                    + " (Content-Length " + length + ", Transfer-Encoding " + encoding + ")");
        }
        return new HttpResponse(head.status(), headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: none expected, skipped
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("a chunked body over " + MAX_BODY + " bytes");
            }
            body.write(in.readNBytes(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    /** One line ending in CRLF, without it; a bare LF is refused, as a strict client would. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection mid-response");
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("a bare LF line end");
                }
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_HEAD) {
                throw new IOException("a response head line over " + MAX_HEAD + " bytes");
            }
            line.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
