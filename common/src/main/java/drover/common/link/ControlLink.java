package drover.common.link;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * A child's link to the manager's control socket. The child says HELLO, later READY (or BOOT_ERROR),
 * and obeys DRAIN and STOP. When the link reaches EOF the manager is gone and the child must exit:
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

    public synchronized void send(FrameType type, byte[] payload) throws IOException {
        FrameWriter writer = new FrameWriter(FrameHeader.SIZE + payload.length);
        writer.append(type, 0, 0, payload);
        writer.flushTo(channel); // blocking channel: writes everything
    }

    public void send(FrameType type, String text) throws IOException {
        send(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends BOOT_ERROR without letting a dead link hide the original problem; false when it could not. */
    public boolean reportBootError(String message) {
        try {
            send(FrameType.BOOT_ERROR, message);
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
            send(FrameType.COMMAND, command);
            Log.info("asked the manager to " + command);
            return true;
        } catch (IOException e) {
            Log.warn("cannot ask the manager to " + command + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Reads manager commands on a daemon thread. {@code onCommand} gets each frame type and payload
     * text; {@code onClosed} runs once at EOF or on a broken link.
     */
    public void startReader(String threadName, BiConsumer<FrameType, String> onCommand, Runnable onClosed) {
        Thread reader = new Thread(() -> {
            FrameReader frames = new FrameReader(MAX_CONTROL_PAYLOAD);
            try {
                while (frames.readFrom(channel, (h, p) -> onCommand.accept(h.type(), text(p))) >= 0) {
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

    private static String text(ByteBuffer payload) {
        return StandardCharsets.UTF_8.decode(payload).toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
