package drover.reactor.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A connection for layer tests: records what the stack asks of it; its gauges are set by the test. */
public class FakePort implements ConnectionPort {
    /** A timer the stack asked for, run by the test when it wants. */
    public record Scheduled(long delayNanos, Runnable task) {}

    public final List<byte[]> delivered = new ArrayList<>();
    public final ByteArrayOutputStream written = new ByteArrayOutputStream();
    public final List<Scheduled> timers = new ArrayList<>();
    public final List<LayerEvent> events = new ArrayList<>();
    /** CONNECT payloads a layer announced, with their flags. */
    public final List<byte[]> announced = new ArrayList<>();
    public int announcedFlags;
    public final List<Boolean> holds = new ArrayList<>();
    public boolean held;
    public boolean inputFinished;
    public boolean inputEnded;
    public boolean closing;
    public CloseReason aborted;
    public String rejected;
    public int pendingOutput;
    public int bufferOutputSize = 1 << 20;
    public int messagesInFlight;
    public boolean closesOnWorkerExit = true;
    public boolean webSocketOpened;
    /** The close status a WebSocket layer reported, or -1. */
    public int webSocketCode = -1;
    public String webSocketReason;
    /** Counts each delivered message as handed to a worker, as the reactor's dispatch does. */
    public boolean countInFlight;

    @Override
    public void deliver(ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        delivered.add(bytes);
        if (countInFlight) {
            messagesInFlight++;
        }
    }

    @Override
    public void write(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        written.writeBytes(copy);
    }

    @Override
    public void inputEnded() {
        inputEnded = true;
    }

    @Override
    public void beginClose() {
        closing = true;
    }

    @Override
    public void holdInput(boolean held) {
        this.held = held;
        holds.add(held);
    }

    @Override
    public void announce(int flags, byte[] payload) {
        announcedFlags = flags;
        announced.add(payload);
    }

    @Override
    public void finishInput() {
        inputFinished = true;
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        timers.add(new Scheduled(delayNanos, task));
    }

    @Override
    public void closeAfterOutput() {
        closing = true;
    }

    @Override
    public void abort(CloseReason reason) {
        aborted = reason;
    }

    @Override
    public void reject(String why) {
        rejected = why;
    }

    @Override
    public int pendingOutput() {
        return pendingOutput;
    }

    @Override
    public int bufferOutputSize() {
        return bufferOutputSize;
    }

    @Override
    public int messagesInFlight() {
        return messagesInFlight;
    }

    @Override
    public boolean closesOnWorkerExit() {
        return closesOnWorkerExit;
    }

    @Override
    public void count(LayerEvent event) {
        events.add(event);
    }

    @Override
    public void webSocketOpened() {
        webSocketOpened = true;
    }

    @Override
    public void webSocketEnded(int code, String reason) {
        webSocketCode = code;
        webSocketReason = reason;
    }

    @Override
    public long sessionId() {
        return 42;
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:5555";
    }

    /** What clientIdentified was told, in order (an Optional.empty() for null: the peer stands). */
    public final List<java.util.Optional<java.net.InetSocketAddress>> identified = new ArrayList<>();

    @Override
    public void clientIdentified(java.net.InetSocketAddress client) {
        identified.add(java.util.Optional.ofNullable(client));
    }

    /** What else the PROXY header said, as clientIdentified was told (an Optional.empty() for null). */
    public final List<java.util.Optional<drover.common.frame.ProxyConnectInfo>> proxied = new ArrayList<>();

    @Override
    public void clientIdentified(java.net.InetSocketAddress client, drover.common.frame.ProxyConnectInfo proxy) {
        proxied.add(java.util.Optional.ofNullable(proxy));
        clientIdentified(client);
    }

    public List<String> deliveredText() {
        return delivered.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).toList();
    }
}
