package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sd_notify: the manager tells the datagram socket in NOTIFY_SOCKET (here one this test opens, as
 * systemd would for Type=notify) READY=1 when every slot is ready, RELOADING=1 then READY=1 around a
 * reload, STOPPING=1 on stop, and nothing else: the children do not inherit the socket.
 */
@Timeout(180)
class SystemdNotifyIT {
    /** Binds an AF_UNIX datagram socket and prints each datagram on one line, its newlines as '|'. */
    private static final String RECEIVER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            print("bound", flush=True)
            while True:
                print(s.recv(65536).decode().replace("\\n", "|"), flush=True)
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("task_worker_num=1");

    private final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();

    @Test
    void theManagerTellsReadyReloadingAndStopping() throws Exception {
        Path socket = cluster.home().resolve("notify.sock");
        Process receiver = new ProcessBuilder("python3", "-c", RECEIVER, socket.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.ofVirtual().start(() -> collect(receiver));
            assertEquals("bound", next(), "the receiver's socket");
            cluster.env("NOTIFY_SOCKET", socket.toString());

            cluster.start();
            String ready = next();
            assertTrue(ready.startsWith("READY=1|STATUS=listening on 127.0.0.1:" + cluster.port()), ready);

            CommandResult reload = cluster.script("reload.sh", List.of("--wait", "--run-dir", cluster.runDir().toString()),
                    Duration.ofSeconds(120));
            assertEquals(0, reload.exitCode(), reload.output());
            String reloading = next();
            assertTrue(reloading.matches("RELOADING=1\\|MONOTONIC_USEC=\\d+\\|STATUS=reloading"), reloading);
            assertEquals("READY=1|STATUS=reload done", next());

            cluster.stop();
            assertEquals("STOPPING=1|STATUS=stopping", next());
            cluster.awaitNoProcesses(Duration.ofSeconds(30));
            assertEquals(List.of(), List.copyOf(datagrams), "nothing else was sent, by the manager or a child");
        } finally {
            receiver.destroyForcibly();
            receiver.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        }
    }

    private void collect(Process receiver) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                datagrams.add(line);
            }
        } catch (IOException e) {
            datagrams.add("receiver failed: " + e);
        }
    }

    private String next() throws InterruptedException {
        String line = datagrams.poll(Deadline.scaled(Duration.ofSeconds(60)).toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "no datagram came");
        return line;
    }
}
