package drover.examples.chat;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.charset.StandardCharsets;

/**
 * A chat room: every line a client sends reaches every connected client, itself included, as
 * "SESSION: line". A worker only holds its own connections, so the line goes to every worker as a
 * pipe message, and each worker writes it to the connections it holds. Works in both worker modes:
 * it keeps no state of its own.
 */
public final class ChatApp implements DroverApp {
    @Override
    public void onReceive(Server server, long sessionId, byte[] line) {
        byte[] prefix = (Long.toUnsignedString(sessionId) + ": ").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + line.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(line, 0, message, prefix.length, line.length);
        for (int worker = 0; worker < server.workerNum(); worker++) {
            server.sendMessage(worker, message);
        }
    }

    @Override
    public void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
        for (long session : server.connections()) {
            server.send(session, message);
        }
    }
}
