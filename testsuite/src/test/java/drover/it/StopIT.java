package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(300)
class StopIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void sigtermStopsEveryJvmAndLeavesNoSocketFile() throws Exception {
        stopsCleanlyOn("TERM");
    }

    @Test
    void sigintStopsEveryJvmAndLeavesNoSocketFile() throws Exception {
        stopsCleanlyOn("INT");
    }

    /** Ctrl-C in a terminal signals the whole foreground process group: children too, not only the manager. */
    @Test
    void ctrlCReachesEveryJvmButOnlyTheManagerActsOnIt() throws Exception {
        Status status = cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("hello".getBytes());
            for (long child : List.of(status.reactorPid(), status.workerPid(0), status.workerPid(1))) {
                cluster.signal(child, "INT");
            }
            client.echo("still served".getBytes());
            cluster.signal(status.managerPid(), "INT");
            assertTrue(client.closedByServer(), "the connection ends when the server stops");
        }
        cluster.awaitNoProcesses(Duration.ofSeconds(20));
        String log = cluster.log();
        assertTrue(log.contains("manager pid=" + status.managerPid() + " stopped"), log);
        // every child stopped by the manager, in order; none died of the signal itself first
        assertFalse(log.contains("(signal 2)") || log.contains("unexpectedly"), log);
        assertEquals(List.of(), cluster.leftovers(), "run dir after stop");
    }

    private void stopsCleanlyOn(String signal) throws Exception {
        Status status = cluster.start();
        assertEquals(4, cluster.serverJvms().size(), "manager + reactor + 2 workers");
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("hello".getBytes());
            cluster.signal(status.managerPid(), signal);
            assertTrue(client.closedByServer(), "the connection ends when the server stops");
        }
        cluster.awaitNoProcesses(Duration.ofSeconds(20));
        assertEquals(List.of(), cluster.leftovers(), "run dir after stop");
        assertTrue(cluster.log().contains("manager pid=" + status.managerPid() + " stopped"), cluster.log());
    }

    @Test
    void stopScriptWaitsForTheManagerToExit() throws Exception {
        cluster.start();
        CommandResult stop = cluster.script("stop.sh", List.of("--run-dir", cluster.runDir().toString()), Duration.ofSeconds(60));
        assertEquals(0, stop.exitCode(), stop.output());
        assertEquals(List.of(), cluster.ownProcesses(), "no JVM may outlive stop.sh");
        assertEquals(List.of(), cluster.leftovers());
    }
}
