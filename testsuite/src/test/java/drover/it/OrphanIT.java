package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import drover.it.apps.SlowTrainingApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class OrphanIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void killingTheManagerEndsEveryChildAndTheNextStartSweepsTheRunDir() throws Exception {
        Status status = cluster.start();
        cluster.signal(status.managerPid(), "KILL");
        cluster.awaitNoProcesses(Duration.ofSeconds(2)); // control-link EOF ends each child

        Status again = cluster.start(); // the pid file and sockets of the dead manager must not stop it
        assertEquals(2, again.workerCount());
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served again".getBytes());
        }
    }

    @Test
    void killingTheManagerDuringTheAotCacheTrainingRunEndsThatRunToo() throws Exception {
        cluster.set("aot_cache_dir=" + cluster.home().resolve("aot")); // a cache of its own: the training runs
        Path app = TestAppJar.build(SlowTrainingApp.class, cluster.home()); // whose training never ends by itself
        Status status = cluster.start(app);
        awaitTrainingRun();
        cluster.signal(status.managerPid(), "KILL");
        // the training run's command line names the run dir too: it is gone once its pipe from the manager hit EOF
        cluster.awaitNoProcesses(Duration.ofSeconds(5));

        cluster.set("aot_cache=false").start(); // sweeps what the killed manager left in the run dir
    }

    private void awaitTrainingRun() {
        long deadline = Deadline.nanosFromNow(Duration.ofSeconds(30));
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> training = cluster.ownProcesses().stream()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("drover.worker.AotTraining")).orElse(false))
                    .toList();
            if (!training.isEmpty()) {
                return;
            }
            // a poll interval, not synchronisation: the process list above is what is awaited
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        fail("no AOT cache training run started: " + cluster.log());
    }
}
