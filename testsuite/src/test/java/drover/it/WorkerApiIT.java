package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.ApiProbeApp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The app API end to end, in worker_mode=loop, with two workers: every Server call and callback. */
@Timeout(300)
class WorkerApiIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @TempDir
    Path temp;

    @Test
    void timersFireOnceOrTickUntilClearedAndPipeMessagesReachEveryWorker() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            String timer = client.request("after 30");
            assertTrue(timer.matches("timer \\d+"), timer);
            assertEquals("fired " + timer.substring("timer ".length()), client.readText());

            String tick = client.request("tick 10 3");
            assertTrue(tick.matches("timer \\d+"), tick);
            assertEquals("tick 1", client.readText());
            assertEquals("tick 2", client.readText());
            assertEquals("tick 3", client.readText());
            assertEquals("cleared=true", client.readText());
            assertEquals("marker", client.readText(), "a cleared tick runs no more");

            String me = client.request("hi").split(" ")[0];
            for (int worker = 0; worker < 2; worker++) {
                assertEquals("pipe " + me + "->W" + worker + " hello " + worker, client.request("msg " + worker + " hello " + worker));
            }
            assertEquals("error: sendMessage to worker 2: outside 0..1", client.request("msg 2 nobody"));
            assertEquals("error: tick interval 0 ms outside 1..86400000 ms", client.request("tick 0 1"));
            assertTrue(client.request("stats").matches("requests=\\d+ connections=1 workers=2"));
        }
    }

    @Test
    void sendCopiesABufferBeforeItReturnsOnTheLoopAndFromAnotherThread() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("from a direct buffer", client.request("buffers"));
            assertEquals("position 4 limit 28", client.readText(), "send leaves the buffer's position and limit");
            assertEquals("from another thread", client.readText());
        }
    }

    @Test
    void clientInfoNamesTheClientAndItsTimes() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        long before = System.currentTimeMillis();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.request("hi");
            String[] info = client.request("info").split(" ");
            long after = System.currentTimeMillis();
            InetSocketAddress local = (InetSocketAddress) client.socket().getLocalSocketAddress();
            assertEquals("127.0.0.1", info[0]);
            assertEquals(local.getPort(), Integer.parseInt(info[1]));
            long connected = Long.parseLong(info[2]);
            long lastReceive = Long.parseLong(info[3]);
            assertTrue(before <= connected && connected <= lastReceive && lastReceive <= after,
                    before + " <= " + connected + " <= " + lastReceive + " <= " + after);
        }
    }

    @Test
    void aPausedSessionIsNotReadUntilAnotherSessionResumesIt() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        try (EchoClient paused = new EchoClient(cluster.port()); EchoClient other = new EchoClient(cluster.port())) {
            String session = paused.request("hi").split(" S")[1];
            assertEquals("paused", paused.request("pause"));
            paused.sendRaw(EchoClient.packet("ping".getBytes()));
            // whichever worker holds the paused session answers; it has seen hi and pause, not the ping
            assertEquals("seen=2", other.request("ask " + session));
            assertEquals("resumed", other.request("resume " + session));
            assertEquals("pong seen=3", paused.readText());
        }
    }

    @Test
    void aSlowReaderBringsOnBufferFullAndOnceCaughtUpOnBufferEmpty() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096); // before connect: a small window, so the output waits in the reactor
            raw.connect(new InetSocketAddress("127.0.0.1", cluster.port()), 10_000);
            EchoClient client = new EchoClient(raw);
            String session = client.request("hi").split(" S")[1];
            client.sendRaw(EchoClient.packet("stream".getBytes()));
            cluster.awaitLog("probe onBufferFull S" + session + " streamCleared=true");
            int chunks = 0;
            String body;
            while ((body = client.readText()).length() == 64 * 1024) {
                chunks++;
            }
            assertEquals("empty", body);
            assertTrue(chunks * 64 * 1024 >= 1_600_000, chunks + " chunks: at least 80% of buffer_output_size waited");
            cluster.awaitLog("probe onBufferEmpty S" + session);
        }
    }

    @Test
    void aThrowingHandlerIsLoggedWithItsSessionAndEveryLifecycleCallbackRuns() throws Exception {
        cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        java.util.List<Long> pids = cluster.status().childPids();
        try (EchoClient client = new EchoClient(cluster.port())) {
            String hi = client.request("hi");
            client.sendRaw(EchoClient.packet("throw".getBytes()));
            String session = hi.split(" S")[1];
            cluster.awaitLog("onReceive threw for session " + session);
            assertEquals(hi, client.request("hi"), "the connection and the worker carry on");
        }
        assertEquals(pids, cluster.status().childPids(), "no process was replaced");
        cluster.stop();
        String log = cluster.log();
        for (int w = 0; w < 2; w++) {
            int start = log.indexOf("probe onWorkerStart W" + w + " taskWorker=false");
            int exit = log.indexOf("probe onWorkerExit W" + w);
            int stop = log.indexOf("probe onWorkerStop W" + w);
            assertTrue(start >= 0 && start < exit && exit < stop, "worker " + w + ": start, exit, stop in order\n" + log);
        }
        assertTrue(log.contains("java.lang.IllegalStateException: app failure on purpose"), "with its stack trace");
    }

    @Test
    void aWorkerMayAskForAReloadAndForAShutdown() throws Exception {
        Status first = cluster.start(TestAppJar.build(ApiProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("reload asked=true", client.request("reload"));
            Status reloaded = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress() && s.allReady(),
                    "the reload the worker asked for");
            assertTrue(reloaded.workerPid(0) != first.workerPid(0) && reloaded.workerPid(1) != first.workerPid(1));
            assertEquals("shutdown asked=true", client.request("shutdown"));
        }
        cluster.awaitNoProcesses(java.time.Duration.ofSeconds(60));
        Matcher asked = Pattern.compile("child pid=\\d+ asked to stop: ok stopping").matcher(cluster.log());
        assertTrue(asked.find(), cluster.log());
    }
}
