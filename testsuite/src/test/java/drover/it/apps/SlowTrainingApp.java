package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.util.concurrent.locks.LockSupport;

/**
 * A test app packed at test time (TestAppJar): echoes length-prefixed packets, but in the training
 * run of the workers' AOT cache (drover.worker.AotTraining) its constructor never returns, so that
 * run is certain to be under way when a test kills the manager.
 */
public final class SlowTrainingApp implements DroverApp {
    public SlowTrainingApp() {
        if (System.getProperty("sun.java.command", "").startsWith("drover.worker.AotTraining")) {
            while (true) {
                LockSupport.park(); // until the process ends
            }
        }
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        server.send(sessionId, data);
    }
}
