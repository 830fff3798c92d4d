package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** worker_timeout and crash-loop back-off, with the faulty example app. */
@Timeout(240)
class HangAndCrashLoopIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("worker_timeout=2");

    @Test
    void aHungWorkerHasItsStacksLoggedAndIsReplaced() throws Exception {
        Status before = cluster.start(DroverCluster.FAULTY_JAR);
        long hungPid;
        try (EchoClient victim = new EchoClient(cluster.port())) {
            hungPid = pidOfWorkerServing(victim);
            victim.sendRaw(EchoClient.packet("hang".getBytes(StandardCharsets.US_ASCII)));
            int slot = before.workerPid(0) == hungPid ? 0 : 1;
            Status after = cluster.awaitStatus(s -> s.workerNumber(slot, "kills") == 1 && s.isReady(slot),
                    "worker#" + slot + " replaced after hanging");
            assertNotEquals(hungPid, after.workerPid(slot));
            assertEquals(0, after.workerNumber(slot, "restarts"), "the manager's own kill is not a restart");
            assertEquals(before.workerPid(1 - slot), after.workerPid(1 - slot), "the healthy worker is untouched");
            assertEquals(0, after.workerNumber(1 - slot, "restarts"));
        }
        cluster.awaitLog("pid=" + hungPid + " is hung: no heartbeat");
        String exited = cluster.awaitLog("pid=" + hungPid + " exited (signal 9) as the manager killed it");
        assertTrue(!exited.contains("pid=" + hungPid + " exited (signal 9) unexpectedly"), exited);
        // SIGQUIT made the hung JVM print its threads; the manager captured them tagged with role and pid
        cluster.awaitLog("OUT   worker#");
        cluster.awaitLog("pid=" + hungPid + " Full thread dump");
        cluster.awaitLog("FaultyApp.spinForever"); // the stack of the stuck handler
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo("served after the hang".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void inVirtualModeAStuckHandlerIsLoggedWithItsStackWhileOtherSessionsAreServed() throws Exception {
        Status before = cluster.set("worker_mode=virtual").start(DroverCluster.FAULTY_JAR);
        try (EchoClient victim = new EchoClient(cluster.port()); EchoClient other = new EchoClient(cluster.port())) {
            long pid = pidOfWorkerServing(victim);
            victim.sendRaw(EchoClient.packet("hang".getBytes(StandardCharsets.US_ASCII)));
            cluster.awaitLog(log -> log.lines().anyMatch(line -> line.contains("pid=" + pid) && line.contains("a handler has run for")),
                    "the stuck handler reported by its worker");
            cluster.awaitLog("FaultyApp.spinForever");
            other.echo("served beside the stuck handler".getBytes(StandardCharsets.US_ASCII));
        }
        Status after = cluster.status();
        for (int slot = 0; slot < 2; slot++) {
            assertEquals(before.workerPid(slot), after.workerPid(slot), "a stuck virtual-thread handler does not get its worker killed");
            assertEquals(0, after.workerNumber(slot, "restarts"));
        }
    }

    @Test
    void aSlotThatKeepsDyingYoungBacksOffWithoutTouchingTheOthers() throws Exception {
        Path marker = cluster.home().resolve("crash-worker-1");
        cluster.env("FAULTY_CRASH_WORKER", "1").env("FAULTY_CRASH_WHILE", marker.toString());
        Status before = cluster.start(DroverCluster.FAULTY_JAR);
        Files.createFile(marker);
        cluster.signal(before.workerPid(1), "KILL");
        // a death counts as quick when the worker lived under 1 s; on a loaded machine a start can take
        // longer than that, so wait for three back-offs rather than for a number of restarts
        cluster.awaitLog(log -> backOffs(log) >= 3, "three back-offs of worker#1");
        Status looping = cluster.status();
        assertTrue(looping.workerNumber(1, "restarts") >= 3, "worker#1 crash-looping");
        assertEquals(before.workerPid(0), looping.workerPid(0), "worker#0 is untouched");
        try (EchoClient client = new EchoClient(cluster.port())) {
            // this connection may belong to the crash-looping slot: its packet then waits in the reactor
            // until that slot has a worker again, which the marker's removal allows; either way it is answered
            client.sendRaw(EchoClient.packet("pid".getBytes(StandardCharsets.US_ASCII)));
            Files.delete(marker); // lets worker#1 start again, so the reply comes whichever slot holds it
            byte[] reply = client.readPacket();
            assertTrue(reply.length > 4);
        }
        Status healed = cluster.awaitStatus(s -> s.isReady(1), "worker#1 ready once the crash cause is gone");
        assertEquals(before.workerPid(0), healed.workerPid(0));
        cluster.awaitLog("faulty app refuses to start worker#1");
    }

    private static long backOffs(String log) {
        return log.lines().filter(line -> line.contains("worker#1 keeps dying young")).count();
    }

    private static long pidOfWorkerServing(EchoClient client) throws Exception {
        client.sendRaw(EchoClient.packet("pid".getBytes(StandardCharsets.US_ASCII)));
        byte[] reply = client.readPacket();
        byte[] body = new byte[reply.length - 4];
        System.arraycopy(reply, 4, body, 0, body.length);
        return Long.parseLong(new String(body, StandardCharsets.US_ASCII));
    }
}
