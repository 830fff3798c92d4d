package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test app packed at test time (TestAppJar), with no onDrain: echoes length-prefixed packets, and
 * answers "slow" with "started" at once and "done" a second later (a request under way when a stop
 * comes; worker_mode=virtual lets "started" go out meanwhile).
 */
public final class SlowReplyApp implements DroverApp {
    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        if (new String(data, 4, data.length - 4, StandardCharsets.US_ASCII).equals("slow")) {
            server.send(sessionId, packet("started"));
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // the work itself
            server.send(sessionId, packet("done"));
        } else {
            server.send(sessionId, data);
        }
    }

    private static byte[] packet(String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
