package drover.reactor.http;

import drover.common.buffer.GrowableBuffer;
import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpStatus;
import drover.common.http.HttpTokens;
import java.nio.ByteBuffer;

/**
 * Decodes a chunked body (RFC 9112 §7.1) into the packet as its bytes arrive, then its trailer
 * section. Chunk extensions are checked and dropped. Strict where parsers disagree (a source of
 * request smuggling): hex digits only, no whitespace unless an extension follows, CRLF everywhere.
 */
final class ChunkedBodyDecoder {
    /** A size line longer than this (extensions included) is refused rather than buffered. */
    static final int MAX_SIZE_LINE = 4096;

    private enum State { SIZE_LINE, DATA, DATA_END, TRAILERS, DONE }

    private final int bodyMax;
    private final int trailerMax;
    private State state = State.DONE;
    private long bodySize;
    private long chunkLeft;
    private int trailerBytes;
    private int trailerCount;
    private int trailerCountAt;
    private int bodyLengthAt;

    ChunkedBodyDecoder(int bodyMax, int trailerMax) {
        this.bodyMax = bodyMax;
        this.trailerMax = trailerMax;
    }

    /** @param bodyLengthAt where the packet's u32 body length is, to fill in at the last chunk */
    void start(int bodyLengthAt) {
        this.bodyLengthAt = bodyLengthAt;
        state = State.SIZE_LINE;
        bodySize = 0;
        trailerBytes = 0;
        trailerCount = 0;
    }

    /** Consumes what it can of in; true once the body and its trailers are complete. */
    boolean decode(ByteBuffer in, GrowableBuffer packet) throws HttpRejection {
        while (true) {
            switch (state) {
                case SIZE_LINE -> {
                    if (!sizeLine(in, packet)) {
                        return false;
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(chunkLeft, in.remaining());
                    packet.room(n).put(in.slice(in.position(), n));
                    in.position(in.position() + n);
                    chunkLeft -= n;
                    if (chunkLeft > 0) {
                        return false;
                    }
                    state = State.DATA_END;
                }
                case DATA_END -> {
                    if (in.remaining() < 2) {
                        if (in.hasRemaining() && in.get(in.position()) != '\r') {
                            throw HttpRejection.badRequest("chunk data is not followed by CRLF");
                        }
                        return false;
                    }
                    if (in.get() != '\r' || in.get() != '\n') {
                        throw HttpRejection.badRequest("chunk data is not followed by CRLF");
                    }
                    state = State.SIZE_LINE;
                }
                case TRAILERS -> {
                    if (!trailerLine(in, packet)) {
                        return false;
                    }
                }
                case DONE -> {
                    return true;
                }
            }
        }
    }

    private boolean sizeLine(ByteBuffer in, GrowableBuffer packet) throws HttpRejection {
        int from = in.position();
        int lf = indexOfLf(in, from, MAX_SIZE_LINE);
        if (lf < 0) {
            if (in.remaining() >= MAX_SIZE_LINE) {
                throw HttpRejection.badRequest("chunk size line longer than " + MAX_SIZE_LINE + " bytes");
            }
            return false;
        }
        int end = lineContentEnd(in, from, lf);
        long size = 0;
        int p = from;
        while (p < end && hexValue(in.get(p)) >= 0) {
            size = size * 16 + hexValue(in.get(p));
            if (bodySize + size > bodyMax) {
                throw new HttpRejection(HttpStatus.CONTENT_TOO_LARGE,
                        "chunked body exceeds package_max_length " + bodyMax);
            }
            p++;
        }
        if (p == from) {
            throw HttpRejection.badRequest("chunk size is not a hexadecimal number");
        }
        checkExtensions(in, p, end);
        in.position(lf + 1);
        bodySize += size;
        if (size > 0) {
            chunkLeft = size;
            state = State.DATA;
        } else {
            packet.buffer().putInt(bodyLengthAt, (int) bodySize);
            trailerCountAt = packet.room(2).position();
            packet.buffer().putShort((short) 0);
            state = State.TRAILERS;
        }
        return true;
    }

    /** After the size: nothing, or optional whitespace, ';' and extensions without control bytes. */
    private static void checkExtensions(ByteBuffer in, int p, int end) throws HttpRejection {
        if (p == end) {
            return;
        }
        while (p < end && (in.get(p) == ' ' || in.get(p) == '\t')) {
            p++;
        }
        if (p == end || in.get(p) != ';') {
            throw HttpRejection.badRequest("chunk size followed by something other than ';' and an extension");
        }
        for (int i = p; i < end; i++) {
            if (!HttpTokens.isFieldValueByte(in.get(i))) {
                throw HttpRejection.badRequest("chunk extension has control byte 0x" + HeadParser.hex(in.get(i)));
            }
        }
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private boolean trailerLine(ByteBuffer in, GrowableBuffer packet) throws HttpRejection {
        int from = in.position();
        int window = trailerMax - trailerBytes;
        int lf = indexOfLf(in, from, window);
        if (lf < 0) {
            if (in.remaining() >= window) {
                throw new HttpRejection(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                        "trailer section exceeds http_header_max " + trailerMax);
            }
            return false;
        }
        int end = lineContentEnd(in, from, lf);
        trailerBytes += lf + 1 - from;
        in.position(lf + 1);
        if (end == from) {
            packet.buffer().putShort(trailerCountAt, (short) trailerCount);
            state = State.DONE;
            return true;
        }
        if (++trailerCount > HttpPacketEncoder.MAX_FIELDS) {
            throw new HttpRejection(HttpStatus.HEADER_FIELDS_TOO_LARGE, "more than " + HttpPacketEncoder.MAX_FIELDS
                    + " trailer fields");
        }
        HeadParser.parseField(in, from, end, packet.room(2 * (end - from) + 16), null);
        return true;
    }

    /** The index of the first LF within window bytes of from, or -1. */
    private static int indexOfLf(ByteBuffer in, int from, int window) {
        int limit = (int) Math.min(in.limit(), (long) from + window);
        for (int i = from; i < limit; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line's content ends at the CR before lf; a bare LF is malformed. */
    private static int lineContentEnd(ByteBuffer in, int from, int lf) throws HttpRejection {
        if (lf == from || in.get(lf - 1) != '\r') {
            throw HttpRejection.badRequest("line in a chunked body ends with a bare LF");
        }
        return lf - 1;
    }
}
