package drover.reactor.http;

import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.common.http.HttpPacketFormatException;
import drover.common.http.HttpRequestMessage;
import drover.reactor.protocol.LayerContext;
import drover.reactor.websocket.Handshake;
import drover.reactor.websocket.HandshakeOutcome;
import drover.reactor.websocket.WebSocketLayer;
import drover.reactor.websocket.WebSocketPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP connection's way to WebSocket (docs/WEBSOCKET.md, "The handshake"). A request asking for
 * "Upgrade: websocket" is checked here: an invalid one is answered 400 or 426 and the connection
 * closes; a valid one goes to a worker, whose app accepts it (RESPONSE_END with
 * FrameType.WEBSOCKET_FLAG: the 101 goes out and a {@link WebSocketLayer} takes the HTTP layer's
 * place) or answers it as any request (a refusal), after which the connection closes. Nothing is
 * read from the client meanwhile: what follows the request is not HTTP.
 */
final class UpgradeGate {
    private static final byte[] UPGRADE = "upgrade".getBytes(StandardCharsets.US_ASCII);

    private final WebSocketPolicy policy;
    private final long outputCeiling;
    /** A valid upgrade request handed to a worker, waiting for its app's decision. */
    private HandshakeOutcome.Accepted waiting;
    /** An invalid upgrade request's answer, owed once the responses before it are out. */
    private byte[] refusalOwed;

    UpgradeGate(WebSocketPolicy policy, long outputCeiling) {
        this.policy = policy;
        this.outputCeiling = outputCeiling;
    }

    /** An upgrade request is under way: the HTTP layer takes no more requests. */
    boolean pending() {
        return waiting != null || refusalOwed != null;
    }

    /**
     * Whether the request packet is an upgrade request, then refused here or handed to a worker
     * (the caller holds the input either way); false for every other packet, which goes on as HTTP.
     */
    boolean intercepts(ByteBuffer request, LayerContext context) {
        if (!mentionsUpgrade(request)) {
            return false; // the common case costs a byte scan, not a decode
        }
        HttpRequestMessage message;
        try {
            if (!(HttpPacketDecoder.decode(request.duplicate()) instanceof HttpPacket.Request decoded)) {
                return false;
            }
            message = decoded.message();
        } catch (HttpPacketFormatException e) {
            return false; // the worker meets the same packet and says why
        }
        if (!Handshake.isUpgradeRequest(message.headers())) {
            return false;
        }
        switch (Handshake.check(message.method(), message.version().text(), message.headers(), policy.compression())) {
            case HandshakeOutcome.Refused refused -> {
                refusalOwed = refused.response();
                context.finishInput();
                afterResponse(context);
            }
            case HandshakeOutcome.Accepted accepted -> {
                waiting = accepted;
                context.passUp(request);
            }
        }
        return true;
    }

    /**
     * A response ended. An owed refusal goes out once nothing is in flight; an upgrade request the
     * worker answered as plain HTTP (refused by the app, or an app without WebSocket) ends the
     * connection once that answer is written.
     */
    void afterResponse(LayerContext context) {
        if (context.messagesInFlight() > 0) {
            return;
        }
        try {
            if (refusalOwed != null) {
                byte[] refusal = refusalOwed;
                refusalOwed = null;
                context.closeWith(ByteBuffer.wrap(refusal));
            } else if (waiting != null) {
                waiting = null;
                context.closeAfterOutput();
            }
        } catch (IOException e) {
            context.abort(drover.reactor.protocol.CloseReason.of(e));
        }
    }

    /**
     * The app accepted the upgrade: the 101, then the connection speaks WebSocket. False when none
     * waits, or when the accept cannot be taken (a subprotocol the client did not offer: answered
     * 500 and closed), so the worker hears that the connection it opened ended.
     */
    boolean accepted(String subprotocol, LayerContext context) throws IOException {
        HandshakeOutcome.Accepted accepted = waiting;
        if (accepted == null) {
            return false;
        }
        waiting = null;
        byte[] head;
        try {
            head = accepted.response(subprotocol.isEmpty() ? null : subprotocol);
        } catch (IllegalArgumentException e) { // the app chose a subprotocol the client did not offer
            context.closeWith(ByteBuffer.wrap(new HandshakeOutcome.Refused(500, e.getMessage()).response()));
            return false;
        }
        context.passDown(ByteBuffer.wrap(head));
        context.replaceWith(new WebSocketLayer(policy, accepted.deflate(), outputCeiling));
        context.holdInput(false); // bytes already read after the request are the first frames
        return true;
    }

    /** Whether "upgrade" appears in the packet, in any case: only then is it decoded. */
    private static boolean mentionsUpgrade(ByteBuffer packet) {
        int end = packet.limit() - UPGRADE.length;
        outer:
        for (int i = packet.position(); i <= end; i++) {
            for (int j = 0; j < UPGRADE.length; j++) {
                if ((packet.get(i + j) | 0x20) != UPGRADE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
