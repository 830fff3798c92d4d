package drover.manager.control;

import drover.common.frame.ControlCodec;
import drover.common.frame.ControlMessage;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameWriter;
import drover.common.log.Log;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/** The manager's end of one connection on its control socket (blocking; written by the supervisor loop). */
public final class ControlConnection {
    private final SocketChannel channel;

    public ControlConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Sends a frame; a dead peer is logged, not thrown: its exit is handled as an event. */
    public synchronized boolean send(ControlMessage message) {
        byte[] payload = ControlCodec.encode(message);
        FrameWriter writer = new FrameWriter(FrameHeader.SIZE + payload.length);
        writer.append(message.type(), 0, 0, payload);
        try {
            writer.flushTo(channel);
            return true;
        } catch (IOException e) {
            Log.debug("control send " + message.type() + " failed: " + e.getMessage());
            return false;
        }
    }

    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            Log.debug("control close failed: " + e.getMessage());
        }
    }
}
