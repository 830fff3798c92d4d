package drover.worker.http;

import drover.common.http.HttpHeaders;
import drover.common.http.HttpRequestMessage;
import drover.common.http.HttpResponseEncoder;
import drover.common.http.ResponseFraming;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@link Response} encoding to HTTP/1.1 bytes as the app calls it. All methods synchronized: any thread may end it. */
final class ResponseWriter implements Response {
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * A whole response whose body is under this size leaves as one send, encoded with its head in one
     * array: one frame to the reactor and one write to the client instead of two (head, body), which
     * halved the reactor's writes per request. Larger bodies are not copied behind their head.
     */
    static final int ONE_SEND_MAX = 64 * 1024;

    private final HttpRequestMessage request;
    private final ResponseOutput output;
    private final Supplier<String> date;
    private final HttpHeaders.Builder headers = new HttpHeaders.Builder(4);
    private int status = 200;
    private boolean closeRequested;
    private ResponseFraming framing; // null until the head is sent
    private boolean ended;

    ResponseWriter(HttpRequestMessage request, ResponseOutput output, Supplier<String> date) {
        this.request = request;
        this.output = output;
        this.date = date;
    }

    @Override
    public synchronized Response status(int code) {
        checkHeadNotSent("status");
        HttpResponseEncoder.checkStatus(code);
        status = code;
        return this;
    }

    @Override
    public synchronized Response header(String name, String value) {
        checkHeadNotSent("header");
        HttpResponseEncoder.checkField(name, value);
        headers.add(name, value);
        return this;
    }

    @Override
    public synchronized Response closeConnection() {
        checkHeadNotSent("closeConnection");
        closeRequested = true;
        return this;
    }

    @Override
    public synchronized Response write(byte[] data) {
        checkNotEnded();
        if (framing == null) {
            sendHead(bodyFraming(false, data), 0);
        }
        sendBody(data);
        return this;
    }

    @Override
    public Response write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void end(byte[] data) {
        checkNotEnded();
        if (framing == null) {
            sendWhole(bodyFraming(true, data), data);
        } else {
            sendBody(data);
            if (framing == ResponseFraming.CHUNKED && !isHead()) {
                output.send(HttpResponseEncoder.lastChunk());
            }
        }
        ended = true;
        output.finish(!keepsAlive());
    }

    @Override
    public void end(String text) {
        end(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void end() {
        end(NO_BYTES);
    }

    @Override
    public synchronized boolean isEnded() {
        return ended;
    }

    synchronized boolean headSent() {
        return framing != null;
    }

    /** After the app failed: a 500 if nothing was sent yet, else the connection is cut (the body is broken). */
    synchronized void fail() {
        if (ended) {
            return;
        }
        if (framing == null) {
            framing = ResponseFraming.CONTENT_LENGTH;
            byte[] body = "500 Internal Server Error\n".getBytes(StandardCharsets.US_ASCII);
            output.send(HttpResponseEncoder.head(500, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                    framing, body.length, request.version(), false, date.get()));
            output.send(body);
        }
        ended = true;
        output.finish(true);
    }

    /** Checked before the head goes out, so a refused call leaves the response as it was. */
    private ResponseFraming bodyFraming(boolean lengthKnown, byte[] data) {
        ResponseFraming chosen = ResponseFraming.choose(status, request.version(), lengthKnown);
        if (chosen == ResponseFraming.NO_BODY && data.length > 0) {
            throw new IllegalArgumentException("a " + status + " response has no body, but " + data.length
                    + " bytes were given");
        }
        return chosen;
    }

    private void sendHead(ResponseFraming chosen, long contentLength) {
        framing = chosen;
        output.send(HttpResponseEncoder.head(status, headers.build(), framing, contentLength, request.version(),
                keepsAlive(), date.get()));
    }

    private void sendWhole(ResponseFraming chosen, byte[] data) {
        framing = chosen;
        if (data.length == 0 || isHead() || framing == ResponseFraming.NO_BODY) {
            output.send(HttpResponseEncoder.head(status, headers.build(), framing, data.length, request.version(),
                    keepsAlive(), date.get()));
        } else if (data.length < ONE_SEND_MAX && framing != ResponseFraming.CHUNKED) {
            output.send(HttpResponseEncoder.headAndBody(status, headers.build(), framing, request.version(),
                    keepsAlive(), date.get(), data));
        } else {
            output.send(HttpResponseEncoder.head(status, headers.build(), framing, data.length, request.version(),
                    keepsAlive(), date.get()));
            sendBody(data);
        }
    }

    private void sendBody(byte[] data) {
        if (data.length == 0 || isHead()) {
            return; // a HEAD response announces the body's size but never carries it
        }
        switch (framing) {
            case CHUNKED -> output.send(HttpResponseEncoder.chunk(data, 0, data.length));
            case CONTENT_LENGTH, UNTIL_CLOSE -> output.send(data);
            case NO_BODY -> throw new IllegalArgumentException("a " + status + " response has no body, but "
                    + data.length + " bytes were given");
        }
    }

    private boolean keepsAlive() {
        return request.keepAlive() && !closeRequested && (framing == null || !framing.forcesClose());
    }

    private boolean isHead() {
        return request.method().equals("HEAD");
    }

    private void checkHeadNotSent(String what) {
        checkNotEnded();
        if (framing != null) {
            throw new IllegalStateException(what + "() after the response head was sent");
        }
    }

    private void checkNotEnded() {
        if (ended) {
            throw new IllegalStateException("the response was already ended");
        }
    }
}
