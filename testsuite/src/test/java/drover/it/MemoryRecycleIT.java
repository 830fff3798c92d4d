package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** worker_max_rss: a worker past it is replaced, spawn-before-retire, counted and logged, and clients are served throughout. */
@Timeout(300)
class MemoryRecycleIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @Test
    void aWorkerPastWorkerMaxRssIsRecycledAndCounted() throws Exception {
        // every JVM holds more than 16 MiB resident, so each worker asks to go at its first heartbeat
        Status first = cluster.set("worker_max_rss=16M").start();
        Status recycled = cluster.awaitStatus(s -> s.workerNumber(0, "recycles") >= 2 && s.allReady(), "two recycles");
        assertTrue(recycled.workerPid(0) != first.workerPid(0), "a new worker serves the slot");
        assertTrue(recycled.workerNumber(0, "restarts") == 0, "a recycle is no restart: " + recycled);
        assertTrue(recycled.workerNumber(0, "rss_bytes") > 16 << 20, "status shows the RSS past the limit: " + recycled);
        String log = cluster.awaitLog("worker_max_rss reached (RSS ");
        assertTrue(log.contains("; recycling it"), log);
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int i = 0; i < 20; i++) {
                client.echo(("served while recycling " + i).getBytes()); // spawn-before-retire: nothing dropped
            }
        }
    }
}
