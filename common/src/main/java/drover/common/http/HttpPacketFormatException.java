package drover.common.http;

/** An HTTP packet from the reactor is not in the encoding both ends agree on (a bug or a version mismatch). */
public final class HttpPacketFormatException extends Exception {
    public HttpPacketFormatException(String message) {
        super(message);
    }
}
