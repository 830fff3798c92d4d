package drover.reactor.protocol;

import drover.common.frame.FrameType;
import drover.common.frame.ProxyConnectInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's layers, bottom (next to the socket) to top (next to the workers). The connection
 * talks to the stack only: bytes read go in at the bottom, a worker's output in at the top, and the
 * connection-wide events (a response ended, output written, a worker lost) go to the layer they
 * concern. Each layer's {@link LayerContext} is its link in the chain, so a layer that joins,
 * replaces itself or leaves changes nothing in the connection or the loop. A stack of one layer (the
 * common case) costs one call per read and one per send.
 */
public final class ProtocolStack {
    private final ConnectionPort port;
    private Link bottom;
    private Link top;

    /** @param layers bottom first; at least one */
    public ProtocolStack(List<ProtocolLayer> layers, ConnectionPort port) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a protocol stack needs at least one layer");
        }
        this.port = port;
        Link below = null;
        for (ProtocolLayer layer : layers) {
            Link link = new Link(layer);
            link.below = below;
            if (below == null) {
                bottom = link;
            } else {
                below.above = link;
            }
            below = link;
        }
        top = below;
        for (Link link = bottom; link != null; link = link.above) {
            link.layer.onAttach(link);
        }
    }

    /**
     * Bytes read from the socket. When a layer replaces or removes itself meanwhile, what it left
     * goes on to the one in its place.
     *
     * @return the bottom layer's size of the next message (ProtocolLayer.onInput)
     */
    public int input(ByteBuffer in) throws PacketFormatException {
        Link first;
        ProtocolLayer layer;
        int next;
        do {
            first = bottom;
            layer = first.layer;
            next = layer.onInput(in, first);
        } while ((bottom != first || first.layer != layer) && in.hasRemaining());
        return next;
    }

    public void inputEnded() {
        bottom.layer.onInputEnd(bottom);
    }

    /** A worker's bytes for the client. */
    public void output(ByteBuffer out) throws IOException {
        top.layer.onOutput(out, top);
    }

    public void outputWritten() throws IOException {
        for (Link link = bottom; link != null; link = link.above) {
            link.layer.onOutputWritten(link);
        }
    }

    /** Whether a layer announces the session itself (ProtocolLayer.delaysConnect), once it knows enough. */
    public boolean delaysConnect() {
        for (Link link = bottom; link != null; link = link.above) {
            if (link.layer.delaysConnect()) {
                return true;
            }
        }
        return false;
    }

    /** Output the layers hold inside themselves (ProtocolLayer.heldOutput), not yet in the connection's queue. */
    public int heldOutput() {
        int held = 0;
        for (Link link = bottom; link != null; link = link.above) {
            held += link.layer.heldOutput();
        }
        return held;
    }

    /** The connection closes after its output: each layer, top first, may queue its last bytes below. */
    public void closing() throws IOException {
        for (Link link = top; link != null; link = link.below) {
            link.layer.onClosing(link);
        }
    }

    public void responseEnded() throws IOException {
        top.layer.onResponseEnd(top);
    }

    public boolean answersEachMessage() {
        return top.layer.answersEachMessage();
    }

    public long outputLimit() {
        return top.layer.outputLimit(top);
    }

    public void outputRefused(String why) {
        top.layer.onOutputRefused(why, top);
    }

    /** A worker's frame flagged for the top layer; false when it takes none. */
    public boolean layerFrame(FrameType type, int flags, ByteBuffer payload) throws IOException {
        return top.layer.onLayerFrame(type, flags, payload, top);
    }

    /** heartbeat_idle_time passed: true when a layer closes the connection itself. */
    public boolean idle() throws IOException {
        for (Link link = top; link != null; link = link.below) {
            if (link.layer.onIdle(link)) {
                return true;
            }
        }
        return false;
    }

    public void serverStopping() throws IOException {
        for (Link link = top; link != null; link = link.below) {
            link.layer.onServerStop(link);
        }
    }

    /** The server is stopping: whether the top layer ends the connection itself (ProtocolLayer.onDrain). */
    public boolean drain() throws IOException {
        return top.layer.onDrain(top);
    }

    public boolean workerLost(boolean answerStarted, boolean expected) throws IOException {
        return top.layer.onWorkerLost(answerStarted, expected, top);
    }

    /** The layers, bottom first: for tests and logs. */
    public List<ProtocolLayer> layers() {
        List<ProtocolLayer> layers = new ArrayList<>();
        for (Link link = bottom; link != null; link = link.above) {
            layers.add(link.layer);
        }
        return layers;
    }

    /** One layer's place: its neighbours, and the connection's controls passed through. */
    private final class Link implements LayerContext {
        ProtocolLayer layer;
        Link below;
        Link above;

        Link(ProtocolLayer layer) {
            this.layer = layer;
        }

        @Override
        public void passUp(ByteBuffer data) {
            if (above == null) {
                port.deliver(data);
                return;
            }
            try {
                above.layer.onInput(data, above);
            } catch (PacketFormatException e) {
                port.reject(e.getMessage());
            }
        }

        @Override
        public void passDown(ByteBuffer data) throws IOException {
            if (below == null) {
                port.write(data);
            } else {
                below.layer.onOutput(data, below);
            }
        }

        @Override
        public void passInputEnd() {
            if (above == null) {
                port.inputEnded();
            } else {
                above.layer.onInputEnd(above);
            }
        }

        @Override
        public void replaceWith(ProtocolLayer next) {
            layer = next;
            next.onAttach(this);
        }

        @Override
        public void remove() {
            if (below == null && above == null) {
                throw new IllegalStateException("the last layer of a stack cannot leave it");
            }
            if (below == null) {
                bottom = above;
            } else {
                below.above = above;
            }
            if (above == null) {
                top = below;
            } else {
                above.below = below;
            }
        }

        @Override
        public void closeWith(ByteBuffer lastBytes) throws IOException {
            port.beginClose();
            passDown(lastBytes);
        }

        @Override
        public void holdInput(boolean held) {
            port.holdInput(held);
        }

        @Override
        public void finishInput() {
            port.finishInput();
        }

        @Override
        public void schedule(long delayNanos, Runnable task) {
            port.schedule(delayNanos, task);
        }

        @Override
        public void closeAfterOutput() throws IOException {
            port.closeAfterOutput();
        }

        @Override
        public void closeAfterOutput(CloseReason reason) throws IOException {
            port.closeAfterOutput(reason);
        }

        @Override
        public void abort(CloseReason reason) {
            port.abort(reason);
        }

        @Override
        public void reject(String why) {
            port.reject(why);
        }

        @Override
        public int pendingOutput() {
            int queued = port.pendingOutput();
            for (Link link = below; link != null; link = link.below) {
                queued += link.layer.heldOutput();
            }
            return queued;
        }

        @Override
        public int bufferOutputSize() {
            return port.bufferOutputSize();
        }

        @Override
        public int messagesInFlight() {
            return port.messagesInFlight();
        }

        @Override
        public boolean closesOnWorkerExit() {
            return port.closesOnWorkerExit();
        }

        @Override
        public void count(LayerEvent event) {
            port.count(event);
        }

        @Override
        public void announce(int flags, byte[] payload) {
            port.announce(flags, payload);
        }

        @Override
        public void webSocketOpened() {
            port.webSocketOpened();
        }

        @Override
        public void webSocketEnded(int code, String reason) {
            port.webSocketEnded(code, reason);
        }

        @Override
        public long sessionId() {
            return port.sessionId();
        }

        @Override
        public String remoteAddress() {
            return port.remoteAddress();
        }

        @Override
        public void clientIdentified(InetSocketAddress client) {
            port.clientIdentified(client);
        }

        @Override
        public void clientIdentified(InetSocketAddress client, ProxyConnectInfo proxy) {
            port.clientIdentified(client, proxy);
        }
    }
}
