package drover.reactor.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns a client's bytes into validated messages and control frames (RFC 6455 section 5), fed a
 * read at a time: a frame or a character may be split anywhere. A violation throws
 * {@link WebSocketException} with the close status to fail the connection with (1002 protocol,
 * 1007 bad UTF-8 or compressed data, 1009 too big), after which the decoder takes nothing more;
 * so does it after a close frame. Lengths are checked against the limit from the header, before
 * any payload is stored. Only one frame's payload is held besides the message being reassembled.
 */
final class FrameDecoder {
    private static final int MAX_HEADER = 14;

    private final FrameSink sink;
    private final int maxMessage;
    private final boolean passThrough;
    private final PerMessageDeflate deflate;    // null without permessage-deflate

    private final byte[] header = new byte[MAX_HEADER];
    private int headerSize;
    private boolean inPayload;
    private Opcode opcode;
    private boolean fin;
    private boolean rsv1;
    private long remaining;
    private final byte[] mask = new byte[4];
    private int maskIndex;

    private Opcode messageType;                 // TEXT or BINARY while a message is open, else null
    private boolean messageCompressed;
    private final GrowableBytes payload = new GrowableBytes();    // this frame's (or uncompressed message's) bytes
    private final GrowableBytes inflated = new GrowableBytes();
    private final byte[] control = new byte[FrameEncoder.MAX_CONTROL_PAYLOAD];
    private int controlSize;
    private final Utf8Validator utf8 = new Utf8Validator();
    private int lastValidated;    // inflated bytes of the current message already checked as UTF-8
    private boolean stopped;

    /**
     * @param maxMessage  largest message (reassembled and inflated), or fragment with passThrough
     * @param passThrough hand on each fragment as it ends instead of reassembling the message
     * @param deflate     the negotiated codec, or null
     */
    FrameDecoder(FrameSink sink, int maxMessage, boolean passThrough, PerMessageDeflate deflate) {
        this.sink = sink;
        this.maxMessage = maxMessage;
        this.passThrough = passThrough;
        this.deflate = deflate;
    }

    /** Consumes all of in, handing each complete message or control frame to the sink. */
    void feed(ByteBuffer in) throws WebSocketException {
        try {
            while (in.hasRemaining() && !stopped) {
                if (!inPayload && !readHeader(in)) {
                    return;
                }
                if (remaining > 0) {
                    readPayload(in);
                }
                if (remaining == 0) {
                    endFrame();
                }
            }
        } catch (WebSocketException e) {
            stopped = true;
            throw e;
        }
    }

    /** Whether a message has started and not finished (for tests and the idle check). */
    boolean inMessage() {
        return messageType != null;
    }

    private boolean readHeader(ByteBuffer in) throws WebSocketException {
        while (headerSize < 2 && in.hasRemaining()) {
            header[headerSize++] = in.get();
            if (headerSize == 2) {
                checkFirstTwoBytes();
            }
        }
        if (headerSize < 2) {
            return false;
        }
        int length7 = header[1] & 0x7F;
        int needed = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
        while (headerSize < needed && in.hasRemaining()) {
            header[headerSize++] = in.get();
        }
        if (headerSize < needed) {
            return false;
        }
        ByteBuffer view = ByteBuffer.wrap(header, 2, needed - 2);
        remaining = length7 == 126 ? view.getShort() & 0xFFFF : length7 == 127 ? view.getLong() : length7;
        view.get(mask);
        maskIndex = 0;
        headerSize = 0;
        inPayload = true;
        checkLength();
        return true;
    }

    private void checkFirstTwoBytes() throws WebSocketException {
        int b0 = header[0] & 0xFF;
        fin = (b0 & 0x80) != 0;
        rsv1 = (b0 & 0x40) != 0;
        opcode = Opcode.ofCode(b0);
        if ((b0 & 0x30) != 0) {
            throw protocol("RSV2 or RSV3 set, but no extension defines them");
        }
        if (opcode == null) {
            throw protocol("reserved opcode 0x" + Integer.toHexString(b0 & 0xF));
        }
        if ((header[1] & 0x80) == 0) {
            throw protocol("client frame not masked");
        }
        if (opcode.isControl()) {
            if (!fin) {
                throw protocol(opcode + " frame fragmented");
            }
            if ((header[1] & 0x7F) > FrameEncoder.MAX_CONTROL_PAYLOAD) {
                throw protocol(opcode + " frame longer than 125 bytes");
            }
        }
        if (rsv1 && (deflate == null || opcode == Opcode.CONTINUATION || opcode.isControl())) {
            throw protocol(deflate == null ? "RSV1 set without permessage-deflate"
                    : "RSV1 set on a " + opcode + " frame; only a message's first frame may carry it");
        }
        if (opcode == Opcode.CONTINUATION && messageType == null) {
            throw protocol("continuation frame without a message to continue");
        }
        if ((opcode == Opcode.TEXT || opcode == Opcode.BINARY) && messageType != null) {
            throw protocol(opcode + " frame inside an unfinished fragmented message");
        }
    }

    private void checkLength() throws WebSocketException {
        if (remaining < 0) {
            throw protocol("64-bit frame length with its most significant bit set");
        }
        if (opcode.isControl()) {
            controlSize = 0;
            return;
        }
        if (opcode != Opcode.CONTINUATION) {
            messageType = opcode;
            messageCompressed = rsv1;
            utf8.reset();
        }
        long held = passThrough || messageCompressed ? 0 : payload.size();
        if (held + remaining > maxMessage) {
            throw new WebSocketException(CloseStatus.MESSAGE_TOO_BIG, (passThrough ? "fragment" : "message")
                    + " of more than package_max_length " + maxMessage + " bytes");
        }
    }

    private void readPayload(ByteBuffer in) throws WebSocketException {
        int n = (int) Math.min(in.remaining(), remaining);
        byte[] target;
        int at;
        if (opcode.isControl()) {
            target = control;
            at = controlSize;
            controlSize += n;
        } else {
            payload.ensureSpare(n, maxMessage);
            target = payload.array();
            at = payload.size();
            payload.advance(n);
        }
        in.get(target, at, n);
        for (int i = at; i < at + n; i++) {
            target[i] ^= mask[maskIndex];
            maskIndex = (maskIndex + 1) & 3;
        }
        remaining -= n;
        if (messageType == Opcode.TEXT && !opcode.isControl() && !messageCompressed && !utf8.feed(target, at, n)) {
            throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
    }

    private void endFrame() throws WebSocketException {
        inPayload = false;
        switch (opcode) {
            case PING -> sink.onPing(controlPayload());
            case PONG -> sink.onPong(controlPayload());
            case CLOSE -> endClose();
            default -> endDataFrame();
        }
    }

    private void endDataFrame() throws WebSocketException {
        GrowableBytes content = payload;
        if (messageCompressed) {
            deflate.inflate(payload.array(), 0, payload.size(), fin, inflated, maxMessage);
            payload.take();
            int before = passThrough ? 0 : lastValidated;
            if (messageType == Opcode.TEXT
                    && !utf8.feed(inflated.array(), before, inflated.size() - before)) {
                throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            lastValidated = inflated.size();
            content = inflated;
        }
        if (fin && messageType == Opcode.TEXT && !utf8.isComplete()) {
            throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "text message ends inside a UTF-8 character");
        }
        if (fin || passThrough) {
            Opcode type = messageType;
            if (fin) {
                messageType = null;
            }
            lastValidated = 0;
            sink.onMessage(type, content.take(), fin);
        }
    }

    private void endClose() throws WebSocketException {
        stopped = true;    // nothing after a close frame is read (RFC 6455 section 5.5.1)
        if (controlSize == 0) {
            sink.onClose(CloseStatus.NO_STATUS.code(), "");
            return;
        }
        if (controlSize == 1) {
            throw protocol("close frame with a 1-byte payload");
        }
        int code = (control[0] & 0xFF) << 8 | (control[1] & 0xFF);
        if (!CloseStatus.isValidOnWire(code)) {
            throw protocol("close code " + code + " may not be sent");
        }
        Utf8Validator reason = new Utf8Validator();
        if (!reason.feed(control, 2, controlSize - 2) || !reason.isComplete()) {
            throw new WebSocketException(CloseStatus.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        sink.onClose(code, new String(control, 2, controlSize - 2, StandardCharsets.UTF_8));
    }

    private byte[] controlPayload() {
        byte[] copy = new byte[controlSize];
        System.arraycopy(control, 0, copy, 0, controlSize);
        return copy;
    }

    private static WebSocketException protocol(String message) {
        return new WebSocketException(CloseStatus.PROTOCOL_ERROR, message);
    }
}
