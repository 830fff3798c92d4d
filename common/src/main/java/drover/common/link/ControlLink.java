package drover.common.link;

import drover.common.frame.ControlCodec;
import drover.common.frame.ControlMessage;
import drover.common.frame.ControlMessage.BootError;
import drover.common.frame.ControlMessage.Command;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.log.Log;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A child's link to the manager's control socket. The child says HELLO, later READY (or BOOT_ERROR),
 * and obeys DRAIN and STOP; everything after HELLO is a typed {@link ControlMessage}. When the link reaches EOF the manager is gone and the child must exit:
 * that is how a kill -9 of the manager leaves no orphans.
 */
public final class ControlLink implements AutoCloseable {
    private static final int MAX_CONTROL_PAYLOAD = 1 << 20;

    private final SocketChannel channel;

    private ControlLink(SocketChannel channel) {
        this.channel = channel;
    }

    public static ControlLink connect(Path managerSocket, Hello hello) throws IOException {
        ControlLink link = new ControlLink(UnixSockets.connect(managerSocket));
        link.send(FrameType.HELLO, hello.encode());
        return link;
    }

    public void send(ControlMessage message) throws IOException {
        send(message.type(), ControlCodec.encode(message));
    }

    /**
     * Sends a METRICS frame: the process's vitals and the app's metrics, in their own binary encoding
     * (drover.common.metrics), beside the typed control messages.
     */
    public void sendMetrics(byte[] encoded) throws IOException {
        send(FrameType.METRICS, encoded);
    }

    private synchronized void send(FrameType type, byte[] payload) throws IOException {
        FrameWriter writer = new FrameWriter(FrameHeader.SIZE + payload.length);
        writer.append(type, 0, 0, payload);
        writer.flushTo(channel); // blocking channel: writes everything
    }

    /** Sends BOOT_ERROR without letting a dead link hide the original problem; false when it could not. */
    public boolean reportBootError(String message) {
        try {
            send(new BootError(message));
            return true;
        } catch (IOException e) {
            Log.warn("could not tell the manager why boot failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * Asks the manager for a server-wide action (a COMMAND: "reload" acts as SIGUSR1, "stop" as
     * SIGTERM), as an app's Server.reload or Server.shutdown does; false when the link is broken.
     */
    public boolean askManager(String command) {
        try {
            send(new Command(command));
            Log.info("asked the manager to " + command);
            return true;
        } catch (IOException e) {
            Log.warn("cannot ask the manager to " + command + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Reads the manager's messages on a daemon thread. {@code onMessage} gets each one; a malformed
     * one is logged and skipped. {@code onClosed} runs once at EOF or on a broken link.
     */
    public void startReader(String threadName, Consumer<ControlMessage> onMessage, Runnable onClosed) {
        Thread reader = new Thread(() -> {
            FrameReader frames = new FrameReader(MAX_CONTROL_PAYLOAD);
            try {
                while (frames.readFrom(channel, (h, p) -> deliver(h.type(), p, onMessage)) >= 0) {
                    // keep reading until EOF
                }
            } catch (IOException | FrameFormatException e) {
                Log.warn("control link to the manager failed: " + e.getMessage());
            } finally {
                onClosed.run();
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private static void deliver(FrameType type, java.nio.ByteBuffer payload, Consumer<ControlMessage> onMessage) {
        ControlMessage message;
        try {
            message = ControlCodec.decode(type, payload);
        } catch (FrameFormatException e) {
            Log.warn("ignoring a message from the manager: " + e.getMessage());
            return;
        }
        onMessage.accept(message);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
