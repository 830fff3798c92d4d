package drover.manager.control;

import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.UnixSockets;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends one command to a running manager over its control socket and returns the reply text. */
public final class ControlClient {
    private ControlClient() {
    }

    public static String request(Path socket, ControlCommand command) throws IOException {
        try (SocketChannel channel = UnixSockets.connect(socket)) {
            FrameWriter writer = new FrameWriter(256);
            writer.append(FrameType.COMMAND, 0, 0, command.wireName().getBytes(StandardCharsets.UTF_8));
            writer.flushTo(channel);
            FrameReader reader = new FrameReader(1 << 20);
            String[] reply = {null};
            while (reply[0] == null) {
                int n = reader.readFrom(channel, (h, p) -> reply[0] = StandardCharsets.UTF_8.decode(p).toString());
                if (n < 0 && reply[0] == null) {
                    throw new IOException("the manager closed the control connection without answering");
                }
            }
            return reply[0];
        } catch (FrameFormatException e) {
            throw new IOException("bad reply from the manager: " + e.getMessage(), e);
        }
    }
}
