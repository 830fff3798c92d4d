package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import drover.it.apps.VirtualProbeApp;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** worker_mode=virtual with one worker: per-session order, and a blocked handler holds up only its session. */
@Timeout(300)
class VirtualModeIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1).set("worker_mode=virtual");

    @TempDir
    Path temp;

    @Test
    void oneSessionsPacketsAreHandledInOrderAndABlockedHandlerStallsNoOtherSession() throws Exception {
        cluster.start(TestAppJar.build(VirtualProbeApp.class, temp));
        try (EchoClient first = new EchoClient(cluster.port()); EchoClient second = new EchoClient(cluster.port())) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                burst.write(EchoClient.packet(("seq " + i).getBytes()));
            }
            first.sendRaw(burst.toByteArray()); // all at once: they reach the worker back to back
            for (int i = 0; i < 300; i++) {
                assertEquals("seq " + i, first.readText());
            }

            first.sendRaw(EchoClient.packet("block".getBytes()));
            first.sendRaw(EchoClient.packet("after the block".getBytes()));
            // with the only worker's handler blocked, another session is still served...
            assertEquals("hi", second.request("hi"));
            assertEquals("released", second.request("release"));
            // ...and the blocked session's next packet waited for the block to end
            assertEquals("unblocked", first.readText());
            assertEquals("after the block", first.readText());
        }
    }
}
