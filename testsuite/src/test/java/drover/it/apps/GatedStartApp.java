package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test app packed at test time (TestAppJar): echoes length-prefixed packets; onWorkerStart waits
 * while the file named by the environment variable {@value #GATE_ENV} exists, so a test holds a
 * worker (and a reload that waits for it) before READY for as long as it needs.
 */
public final class GatedStartApp implements DroverApp {
    public static final String GATE_ENV = "DROVER_TEST_START_GATE";

    @Override
    public void onWorkerStart(Server server, int workerId) {
        String gate = System.getenv(GATE_ENV);
        while (gate != null && Files.exists(Path.of(gate))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a poll interval: the file is the gate
        }
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        server.send(sessionId, data);
    }
}
