package drover.manager.control;

import drover.common.frame.ControlCodec;
import drover.common.frame.ControlMessage;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.frame.FrameWriter;
import drover.common.link.UnixSockets;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Sends one command to a running manager over its control socket and returns its reply. */
public final class ControlClient {
    private ControlClient() {
    }

    /** The reply's text: "ok ...", JSON or a table, or "error: ...". */
    public static String request(Path socket, ControlCommand command) throws IOException {
        return ask(socket, command).text();
    }

    public static ControlMessage.Reply ask(Path socket, ControlCommand command) throws IOException {
        try (SocketChannel channel = UnixSockets.connect(socket)) {
            ControlMessage ask = new ControlMessage.Command(command.wireName());
            FrameWriter writer = new FrameWriter(256);
            writer.append(ask.type(), 0, 0, ControlCodec.encode(ask));
            writer.flushTo(channel);
            FrameReader reader = new FrameReader(1 << 20);
            ControlMessage.Reply[] reply = {null};
            while (reply[0] == null) {
                int n = reader.readFrom(channel, (h, p) -> {
                    if (h.type() != FrameType.REPLY) {
                        throw new FrameFormatException("expected a REPLY, got " + h.type());
                    }
                    reply[0] = (ControlMessage.Reply) ControlCodec.decode(h.type(), p);
                });
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
