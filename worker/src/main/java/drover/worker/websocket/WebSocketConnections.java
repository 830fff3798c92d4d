package drover.worker.websocket;

import drover.common.frame.FrameType;
import drover.common.frame.WebSocketWire;
import drover.worker.api.websocket.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker's view of the server's WebSocket connections (WebSocketServer's push, disconnect,
 * isEstablished and counts). The reactor tells every worker of each connection established and
 * ended (CONNECT and CLOSE with FrameType.WEBSOCKET_FLAG and NOTICE_FLAG, and again to a new worker
 * when it links), so any worker answers at once, without a round trip; pushes go through the
 * reactor, which owns the socket. Thread-safe: the loop updates it, the app reads it from anywhere.
 */
public final class WebSocketConnections implements WebSocketSet {
    /** Sends a frame about a session to the reactor that owns it; false when the session is unknown there. */
    @FunctionalInterface
    public interface Sender {
        boolean send(FrameType type, int flags, long sessionId, byte[] payload);
    }

    /** What holds a worker's connections: its server handle. */
    public interface Holder {
        WebSocketConnections webSocketConnections();
    }

    /** How a connection ended, for the app's onClose. */
    public record CloseStatus(int code, String reason) {
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_REASON_BYTES = 123;

    private final Set<Long> established = ConcurrentHashMap.newKeySet();
    private final Map<Long, CloseStatus> ended = new ConcurrentHashMap<>();
    private final Sender sender;
    private final int maxPayload;

    /** @param maxPayload the largest payload one link message may carry */
    public WebSocketConnections(Sender sender, int maxPayload) {
        this.sender = sender;
        this.maxPayload = maxPayload;
    }

    public void opened(long fd) {
        established.add(fd);
    }

    /** The connection ended (or started closing) somewhere: it takes no more pushes. */
    public void ended(long fd) {
        established.remove(fd);
    }

    /** The home worker's CLOSE with the close status: kept for the onClose that follows. */
    public void endedWith(long fd, ByteBuffer status) {
        established.remove(fd);
        ended.put(fd, new CloseStatus(WebSocketWire.closeCode(status), WebSocketWire.closeReason(status)));
    }

    /** The status the reactor gave for the session's CLOSE, once; null when it was no WebSocket. */
    public CloseStatus takeCloseStatus(long fd) {
        return ended.remove(fd);
    }

    @Override
    public boolean isEstablished(long fd) {
        return established.contains(fd);
    }

    @Override
    public int count() {
        return established.size();
    }

    @Override
    public Set<Long> snapshot() {
        return Set.copyOf(established);
    }

    /** The app accepted the upgrade: the reactor sends the 101 and the connection is established from now on. */
    public void accept(long fd, String subprotocol) {
        established.add(fd);
        sender.send(FrameType.RESPONSE_END, FrameType.WEBSOCKET_FLAG, fd,
                subprotocol == null ? new byte[0] : subprotocol.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean push(long fd, byte[] data, Opcode opcode) {
        checkPush(data, opcode, maxPayload);
        if (!established.contains(fd)) {
            return false;
        }
        // a copy: the caller may reuse its array at once, and the loop may send it later
        return sender.send(FrameType.SEND, FrameType.WEBSOCKET_FLAG | opcode.code(), fd, data.clone());
    }

    /**
     * What WebSocketServer.push refuses, wherever it is called (a worker or a task worker).
     *
     * @throws IllegalArgumentException on TEXT that is not UTF-8, a PING/PONG over 125 bytes, or a
     *                                  payload over one link message
     */
    public static void checkPush(byte[] data, Opcode opcode, int maxPayload) {
        if (opcode == Opcode.TEXT && !isUtf8(data)) {
            throw new IllegalArgumentException("push of a TEXT message of " + data.length + " bytes that is not UTF-8");
        }
        if ((opcode == Opcode.PING || opcode == Opcode.PONG) && data.length > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("push of a " + opcode + " of " + data.length + " bytes: at most "
                    + MAX_CONTROL_PAYLOAD);
        }
        if (data.length > maxPayload) {
            throw new IllegalArgumentException("push of " + data.length + " bytes exceeds the " + maxPayload
                    + "-byte limit of a link message");
        }
    }

    @Override
    public boolean disconnect(long fd, int code, String reason) {
        checkCloseCode(code);
        if (!established.remove(fd)) {
            return false;
        }
        return sender.send(FrameType.CLOSE_REQUEST, FrameType.WEBSOCKET_FLAG, fd, closeStatus(code, reason));
    }

    /** @throws IllegalArgumentException on a code an app may not close with */
    public static void checkCloseCode(int code) {
        if (!(code == 1000 || code == 1001 || code == 1003 || code == 1008 || code == 1011
                || (code >= 3000 && code <= 4999))) {
            throw new IllegalArgumentException("close code " + code + ": expected 1000, 1001, 1003, 1008, 1011 or 3000..4999");
        }
    }

    /** The close status for the reactor: the code, and the reason cut to fit a close frame. */
    public static byte[] closeStatus(int code, String reason) {
        return WebSocketWire.close(code, cut(reason));
    }

    /** The reason cut to 123 bytes of UTF-8 on a character boundary (a close frame's payload is 125 at most). */
    static String cut(String reason) {
        if (reason == null) {
            return "";
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            int end = cut.length() - 1;
            if (end > 0 && Character.isLowSurrogate(cut.charAt(end))) {
                end--;
            }
            cut = cut.substring(0, end);
        }
        return cut;
    }

    private static boolean isUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
