package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** max_request: workers are recycled spawn-before-retire while clients keep talking, and no reply is lost. */
@Timeout(240)
class RecycleIT {
    private static final int MAX_REQUEST = 300;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2)
            .set("max_request=" + MAX_REQUEST).set("max_request_grace=0");

    @Test
    void workersAreRecycledAfterMaxRequestWithoutLosingAReply() throws Exception {
        cluster.start();
        try (SteadyLoad load = new SteadyLoad(cluster.port(), 6, 2048)) {
            cluster.awaitStatus(s -> s.totalOf("recycles") >= 4, "four recycles under load");
            load.awaitMoreEchoes(100);
            long echoed = load.stop(); // rethrows any lost or wrong reply
            assertTrue(echoed >= 4 * MAX_REQUEST, "echoed " + echoed);
        }
        Status after = cluster.awaitStatus(Status::allReady, "all ready");
        assertEquals(0, after.totalOf("restarts"), "a recycle is not a crash");
        assertTrue(cluster.log().contains("max_request reached (" + MAX_REQUEST + " requests); recycling it"), cluster.log());
    }
}
