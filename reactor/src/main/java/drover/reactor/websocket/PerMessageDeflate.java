package drover.reactor.websocket;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One connection's permessage-deflate codec (RFC 7692 section 7.2): raw DEFLATE, each message
 * ended with a sync flush whose trailing 00 00 FF FF is left off the wire. Inflating stops as soon
 * as the output passes the message limit, so a small compressed message cannot expand to gigabytes
 * (a decompression bomb fails with 1009). Call {@link #end} when the connection closes: zlib
 * memory lives outside the heap.
 */
final class PerMessageDeflate {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final DeflateParameters parameters;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    PerMessageDeflate(DeflateParameters parameters) {
        this.parameters = parameters;
    }

    /** The message compressed, without the 00 00 FF FF tail. */
    byte[] compress(byte[] message, int offset, int length) {
        deflater.setInput(message, offset, length);
        byte[] out = new byte[Math.max(64, length / 2 + 16)];
        int size = 0;
        while (true) {
            size += deflater.deflate(out, size, out.length - size, Deflater.SYNC_FLUSH);
            if (size < out.length) {
                break;    // a sync flush that did not fill the buffer has written everything
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (parameters.serverNoContextTakeover()) {
            deflater.reset();
        }
        if (size == 0) {
            // nothing new since the last flush (an empty message with context takeover): zlib writes
            // no second flush marker, and an empty payload would read as a broken stored block once
            // the peer appends 00 00 FF FF; one 00 byte is the empty block RFC 7692 7.2.3.6 allows
            return new byte[] {0x00};
        }
        boolean hasTail = size >= 4 && out[size - 4] == 0 && out[size - 3] == 0 && out[size - 2] == -1
                && out[size - 1] == -1;
        return Arrays.copyOf(out, hasTail ? size - 4 : size);
    }

    /**
     * Inflates one fragment of a compressed message, appending to out. With endOfMessage the
     * 00 00 FF FF tail is added first. Throws 1009 once out would pass limit, 1007 on bad DEFLATE data.
     */
    void inflate(byte[] data, int offset, int length, boolean endOfMessage, GrowableBytes out, int limit)
            throws WebSocketException {
        inflateInput(data, offset, length, out, limit);
        if (endOfMessage) {
            inflateInput(TAIL, 0, TAIL.length, out, limit);
            if (inflater.finished()) {
                inflater.reset();   // the client ended its stream (BFINAL): the next message starts afresh
            } else if (parameters.clientNoContextTakeover()) {
                inflater.reset();
            }
        }
    }

    void end() {
        deflater.end();
        inflater.end();
    }

    private void inflateInput(byte[] data, int offset, int length, GrowableBytes out, int limit)
            throws WebSocketException {
        if (inflater.finished()) {
            if (length > 0 && data != TAIL) {
                throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "compressed data after the end of its DEFLATE stream");
            }
            return;
        }
        inflater.setInput(data, offset, length);
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                long room = (long) limit + 1 - out.size();   // one byte past the limit proves the message too big
                if (room <= 0) {
                    throw tooBig(limit);
                }
                out.ensureSpare((int) Math.min(8192, room), (int) Math.min(Integer.MAX_VALUE - 8, (long) limit + 1));
                int n = inflater.inflate(out.array(), out.size(), (int) Math.min(out.spare(), room));
                out.advance(n);
                if (out.size() > limit) {
                    throw tooBig(limit);
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "compressed data asks for a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "bad compressed data: " + e.getMessage());
        }
    }

    private static WebSocketException tooBig(int limit) {
        return new WebSocketException(CloseStatus.MESSAGE_TOO_BIG,
                "message inflates to more than package_max_length " + limit + " bytes");
    }
}
