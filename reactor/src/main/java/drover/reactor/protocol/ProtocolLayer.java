package drover.reactor.protocol;

import drover.common.frame.FrameType;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One protocol layer of a connection's stack (docs/ARCHITECTURE.md, "The protocol stack"). On the
 * way in it turns the bytes from below into bytes or messages for the layer above; on the way out
 * the reverse. Framing layers (raw, EOF, length field, HTTP/1.1) sit on top and pass whole messages
 * to the workers; a transforming layer (TLS) or a one-off one (a PROXY header) sits below them. A
 * layer may replace or remove itself, or close the connection with a reason, through its
 * {@link LayerContext}. One instance per connection, used on the connection's thread only.
 *
 * <p>Every method but {@link #onInput} has a default that suits a layer with no opinion.
 */
public interface ProtocolLayer {
    /**
     * True when the session's CONNECT waits until this layer tells what it learned
     * ({@link LayerContext#announce}): TLS announces the session once its handshake is done, so the
     * app hears of it with the protocol and the client certificate, and never of a failed handshake.
     */
    default boolean delaysConnect() {
        return false;
    }

    /** Called once when the layer takes its place, before any other call. */
    default void onAttach(LayerContext context) {
    }

    /**
     * Bytes from below, between position and limit (read mode). Consume what you can and pass the
     * result up; leave the position at the first byte not consumed (given again with more). May be
     * called with nothing new after an input hold ends: pass up what you kept.
     *
     * @return the total size of the next, incomplete message in these bytes when already known (so
     *         the connection can grow its buffer, or read the message straight into a worker's ring),
     *         else 0; a layer that transforms bytes returns 0
     * @throws PacketFormatException when the bytes cannot be this protocol (the connection is closed)
     */
    int onInput(ByteBuffer in, LayerContext context) throws PacketFormatException;

    /** The client shut its sending side. By default the layer above hears of it; the top one's ends the connection. */
    default void onInputEnd(LayerContext context) {
        context.passInputEnd();
    }

    /** Bytes for the client from above (a worker's, for the top layer). By default passed down unchanged. */
    default void onOutput(ByteBuffer out, LayerContext context) throws IOException {
        context.passDown(out);
    }

    /**
     * Output this layer holds inside itself, not yet passed down (TLS: plaintext waiting to be
     * encrypted, ciphertext not yet handed on). The connection counts it with its own queue, so the
     * output limit, the watermarks and a close after the output wait for it too.
     */
    default int heldOutput() {
        return 0;
    }

    /**
     * The connection closes once its output is written (a worker's close, a server drain): a layer
     * may queue its own last bytes behind that output (TLS: close_notify, so the client knows the
     * data is whole). Not called for a reset, nor for a layer's own closeWith.
     */
    default void onClosing(LayerContext context) throws IOException {
    }

    /** The socket took output: a layer waiting for room may go on. */
    default void onOutputWritten(LayerContext context) throws IOException {
    }

    /** Top layer: a worker says its answer to the oldest message is whole (RESPONSE_END). */
    default void onResponseEnd(LayerContext context) throws IOException {
    }

    /**
     * Top layer: each message is answered by exactly one RESPONSE_END, in order (HTTP); otherwise
     * any output counts as the answer to the last message.
     */
    default boolean answersEachMessage() {
        return false;
    }

    /** Top layer: the most bytes the connection's output may hold with a worker's next send in it. */
    default long outputLimit(LayerContext context) {
        return context.bufferOutputSize();
    }

    /**
     * Top layer: a worker's send was refused, being over {@link #outputLimit}; its worker hears why.
     * By default the connection stays, and sends are refused until it drains.
     */
    default void onOutputRefused(String why, LayerContext context) {
    }

    /**
     * Top layer: a worker's frame flagged for the layer (FrameType.WEBSOCKET_FLAG on SEND,
     * RESPONSE_END or CLOSE_REQUEST: a WebSocket push, an accepted upgrade, a close handshake).
     *
     * @return false when this layer takes no such frame: it is dropped as stale
     */
    default boolean onLayerFrame(FrameType type, int flags, ByteBuffer payload, LayerContext context) throws IOException {
        return false;
    }

    /**
     * Top layer: the server is stopping; the connection is still read for a little while (half of
     * max_wait_time at most). Return true when the layer ends the connection itself where its
     * protocol allows (HTTP: after the next response, which says Connection: close); false leaves it
     * to the app (its onDrain).
     */
    default boolean onDrain(LayerContext context) throws IOException {
        return false;
    }

    /**
     * heartbeat_idle_time passed without input. By default the connection is closed at once.
     *
     * @return true when the layer closes the connection itself, politely (a WebSocket close 1001)
     */
    default boolean onIdle(LayerContext context) throws IOException {
        return false;
    }

    /** The server stops and is about to close the connection: last words for the client (a WebSocket close 1001). */
    default void onServerStop(LayerContext context) throws IOException {
    }

    /**
     * Top layer: the worker holding this connection's unanswered message exited.
     *
     * @param answerStarted part of the answer was already queued for the client
     * @param expected      the exit was asked for (reload, stop, fewer workers)
     * @return whether the connection was answered or closed
     */
    default boolean onWorkerLost(boolean answerStarted, boolean expected, LayerContext context) throws IOException {
        if (expected || !context.closesOnWorkerExit()) {
            return false;
        }
        context.closeAfterOutput();
        return true;
    }
}
