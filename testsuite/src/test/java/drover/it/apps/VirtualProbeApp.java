package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test app for worker_mode=virtual, packed into a jar at test time (TestAppJar). Length-prefixed
 * text: "seq N" -> "seq N" after a random pause of up to 0.3 ms (so packets handled in parallel would
 * overtake each other); "block" waits until some session sends "release", then -> "unblocked";
 * "release" -> "released"; "hi" -> "hi".
 */
public final class VirtualProbeApp implements DroverApp {
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String body = new String(data, 4, data.length - 4, StandardCharsets.UTF_8);
        if (body.startsWith("seq ")) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(TimeUnit.MICROSECONDS.toNanos(300)));
            reply(server, sessionId, body);
        } else if (body.equals("block")) {
            try {
                boolean released = release.await(120, TimeUnit.SECONDS);
                reply(server, sessionId, released ? "unblocked" : "never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (body.equals("release")) {
            release.countDown();
            reply(server, sessionId, "released");
        } else {
            reply(server, sessionId, body);
        }
    }

    private static void reply(Server server, long sessionId, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }
}
