package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a flood of bad input and a full disk do to the log: bounded lines, a count, a reason. */
@Timeout(300)
class LogFloodIT {
    private static final int BAD_CLIENTS = 300;
    private static final String REJECTED = "exceeds package_max_length 65536";
    private static final Pattern SUMMARY = Pattern.compile("rejected packet: (\\d+) more like this");

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1).set("package_max_length=64K");

    @Test
    void manyBadLengthHeadersWriteAFewLinesAndASummaryWithTheCount() throws Exception {
        cluster.start();
        long started = System.nanoTime();
        for (int i = 0; i < BAD_CLIENTS; i++) {
            try (EchoClient bad = new EchoClient(cluster.port())) {
                bad.sendRaw(ByteBuffer.allocate(4).putInt(1024 * 1024).array()); // 1 MiB > 64 KiB
                assertTrue(bad.closedByServer(), "bad client #" + i + " must be closed");
            }
        }
        long floodSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        // every rejection is in the log: one by one, or counted in a summary line (within an interval)
        String log = cluster.awaitLog(text -> written(text) + summarized(text) == BAD_CLIENTS,
                BAD_CLIENTS + " rejections accounted for");
        int intervals = (int) (floodSeconds / 10) + 2; // 5 lines in full per 10 s interval
        assertTrue(written(log) <= 5 * intervals, written(log) + " lines written in full for a flood of "
                + floodSeconds + " s:\n" + log);
        assertTrue(summarized(log) > 0, log);
        try (EchoClient good = new EchoClient(cluster.port())) {
            good.echo("still served".getBytes());
        }
    }

    @Test
    void theLogFileIsNotReadableByOtherUsers() throws Exception {
        cluster.start();
        Path log = cluster.runDir().resolve("drover.log");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void aDaemonStartOnAFullDiskSaysWhy() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tiny tmpfs needs root");
        Path disk = Files.createDirectories(cluster.home().resolve("full-disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString()) == 0, "mount is not allowed here");
        try {
            fill(disk.resolve("filler"));
            Path runDir = disk.resolve("run");
            CommandResult result = cluster.script("start.sh", List.of("--daemon", "--set", "run_dir=" + runDir,
                    "--set", "listen=127.0.0.1:" + cluster.port(), "--set", "aot_cache=false",
                    DroverCluster.ECHO_JAR.toString()), Duration.ofSeconds(90));
            assertTrue(result.exitCode() != 0, result.output());
            assertTrue(result.output().contains("no space left on the disk of " + runDir), result.output());
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(runDir.toString())).orElse(false)).toList();
            assertEquals(List.of(), left, "nothing of that server runs");
            java.util.Properties settings = new java.util.Properties();
            settings.setProperty("run_dir", runDir.toString());
            Path shmDir = drover.common.config.DroverConfig.fromProperties(settings, "test").shmDir();
            boolean shmDirLeft = Files.exists(shmDir);
            ShmQueues.deleteIfLeft(shmDir);
            assertTrue(!shmDirLeft, "the refused start removed the shm_dir it made: " + shmDir);
        } finally {
            assertEquals(0, run("umount", disk.toString()), "umount " + disk);
        }
    }

    private static int written(String log) {
        return (int) log.lines().filter(l -> l.contains(REJECTED) && l.contains("closing the connection")).count();
    }

    private static long summarized(String log) {
        long sum = 0;
        Matcher m = SUMMARY.matcher(log);
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private static void fill(Path file) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        return process.exitValue();
    }
}
