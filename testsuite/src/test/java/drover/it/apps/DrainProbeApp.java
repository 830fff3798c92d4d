package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A test app packed at test time (TestAppJar): echoes length-prefixed packets; when the server drains
 * for a stop (onDrain) it sends the session a last packet "bye" and closes it.
 */
public final class DrainProbeApp implements DroverApp {
    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        server.send(sessionId, data);
    }

    @Override
    public void onDrain(Server server, long sessionId) {
        byte[] bye = "bye".getBytes(StandardCharsets.US_ASCII);
        server.send(sessionId, ByteBuffer.allocate(4 + bye.length).putInt(bye.length).put(bye).array());
        server.close(sessionId);
    }
}
