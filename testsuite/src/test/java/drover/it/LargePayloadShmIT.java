package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.ProbeApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * large_payload=shm: payloads cross through rings in shm_dir that both processes map, the echo app's
 * replies go back by reference into the reactor's own ring, an app that takes arrays replies through
 * a ring of its own, a payload larger than the ring is streamed instead, a reload under a load of
 * large packets loses no reply, and nothing of the server is left in /dev/shm after stop, even when a
 * worker was killed mid-transfer.
 */
@Timeout(300)
class LargePayloadShmIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.forLargePayloads("shm")
            .set("shm_ring_size=24M");

    private static List<Path> rings(Path shm) throws IOException {
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(shm)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ring")).sorted().toList();
        }
    }

    @Test
    void echoesCrossByRingAndComeBackByReferenceAndOneLargerThanTheRingIsStreamed() throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Status status = cluster.start();
            assertEquals(List.of(), rings(shm), "an idle server maps no ring");
            try (EchoClient client = new EchoClient(cluster.port())) {
                for (int size : new int[] {MIB + 1, 16 * MIB, 3 * MIB, 16 * MIB, 64 * MIB, 2 * MIB}) {
                    client.echo(EchoClient.randomBody(size, size));
                }
            }
            List<Path> rings = rings(shm);
            // the echo app sends back the buffer it was lent: its worker never writes a ring
            assertEquals(1, rings.size(), "the reactor thread's ring only: " + rings);
            assertTrue(rings.getFirst().getFileName().toString().contains("-" + status.reactorPid(0) + "-"), rings.toString());
            for (Path ring : rings) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ring)));
                assertEquals(24 * MIB + 4096, Files.size(ring));
            }
            assertFalse(cluster.log().contains("large payload not stored"), "no ring failed: " + cluster.log());
            // counters are asked for once a second: wait for the last packet's
            Status counted = cluster.awaitStatus(s -> s.reactorCounter("large_stored") + s.reactorCounter("large_store_busy") == 6
                    && s.reactorCounter("large_replies_stored") + s.reactorCounter("large_replies_streamed") == 6,
                    "the counters of all six packets");
            assertEquals(5, counted.reactorCounter("large_stored"), "every packet but the 64 MiB one went by ring");
            assertEquals(5, counted.reactorCounter("large_read_in_place"), "read from the client straight into the ring");
            assertEquals(1, counted.reactorCounter("large_store_busy"), "the 64 MiB one, larger than the ring");
            assertEquals(5, counted.reactorCounter("large_returned"), "each reply by reference to its packet's entry");
            assertEquals(5, counted.reactorCounter("large_replies_stored"), counted.toString());
            assertEquals(1, counted.reactorCounter("large_replies_streamed"), "the 64 MiB one, larger than a ring");
            // idle 10 s, each ring gives its pages back: its first entry's header reads as zeros again
            cluster.awaitStatus(s -> rings.stream().allMatch(LargePayloadShmIT::firstEntryIsGone), "the idle rings trimmed");
            cluster.stop();
            assertFalse(Files.exists(shm), "stop removes the server's shm_dir");
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }

    /** How many of the rings were made by the process whose "-pid-" part is given. */
    private static long count(List<Path> rings, String pidPart) {
        return rings.stream().filter(r -> r.getFileName().toString().contains(pidPart)).count();
    }

    /** Whether the ring file's first entry header (length and state, after the 4096-byte file header) is zeros. */
    private static boolean firstEntryIsGone(Path ring) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(ring)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8);
            channel.read(header, 4096);
            return header.getLong(0) == 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAppThatTakesArraysGetsLargePacketsByRingToo(@TempDir Path temp) throws Exception {
        cluster.start(TestAppJar.build(ProbeApp.class, temp)); // echoes what it does not understand, from its own array
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int size : new int[] {MIB + 1, 16 * MIB, 3 * MIB}) {
                client.echo(EchoClient.randomBody(size, size));
            }
        }
        Status counted = cluster.awaitStatus(s -> s.reactorCounter("large_stored") == 3
                && s.reactorCounter("large_replies_stored") + s.reactorCounter("large_replies_streamed") == 3,
                "the counters of all three packets and replies");
        assertEquals(0, counted.reactorCounter("large_store_busy"), counted.toString());
        assertEquals(0, counted.reactorCounter("large_returned"), "its replies are arrays of its own, copied to its ring");
        assertEquals(3, counted.reactorCounter("large_replies_stored"), "through the worker's ring");
        assertEquals(0, counted.reactorCounter("large_replies_streamed"), counted.toString());
        assertEquals(2, rings(ShmQueues.defaultShmDir(cluster)).size(), "a ring each for the reactor thread and the worker");
    }

    @Test
    void inVirtualModeTheEchoAppGetsCopiesOfLargePacketsAndAnswersThemAll() throws Exception {
        cluster.set("worker_mode=virtual").start(); // its ByteBuffer callbacks run later, off the loop: on copies
        try (SteadyLoad load = new SteadyLoad(cluster.port(), 6, 3 * MIB)) {
            load.awaitMoreEchoes(60);
            load.stop(); // rethrows any lost or wrong reply
        }
        assertFalse(cluster.log().contains("lost"), cluster.log());
    }

    @Test
    void aReloadUnderALoadOfLargePacketsLosesNoReplyAndTheOldRingsGo() throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Status before = cluster.start();
            try (SteadyLoad load = new SteadyLoad(cluster.port(), 8, 3 * MIB)) {
                load.awaitMoreEchoes(100);
                cluster.signal(before.managerPid(), "USR1");
                Status after = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload finished");
                assertEquals("ok", after.reloadResult(), after.toString());
                assertNotEquals(before.workerPid(0), after.workerPid(0));
                load.awaitMoreEchoes(100);
                load.stop(); // rethrows any lost or wrong reply
                // the reactor deletes its retired ring at its next large packet once the old worker is done with it all,
                // and the manager swept the old worker's. The new worker may have a ring or not: a packet that found the
                // reactor's ring full came in chunks, and its reply was copied into a ring of the worker's own
                String reactor = "-" + after.reactorPid(0) + "-";
                String oldWorker = "-" + before.workerPid(0) + "-";
                long deadline = Deadline.nanosFromNow(java.time.Duration.ofSeconds(20));
                List<Path> left = rings(shm);
                try (EchoClient client = new EchoClient(cluster.port())) {
                    while ((count(left, reactor) != 1 || count(left, oldWorker) != 0) && System.nanoTime() < deadline) {
                        client.echo(EchoClient.randomBody(2 * MIB, 7));
                        left = rings(shm);
                    }
                }
                assertEquals(1, count(left, reactor), "the reactor's retired ring is gone: " + left);
                assertEquals(0, count(left, oldWorker), "the old worker's ring is gone: " + left);
            }
            assertFalse(cluster.log().contains("lost"), cluster.log());
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }

    @Test
    void ringSpaceOfPacketsCutShortByTheirClientsComesBack() throws Exception {
        cluster.start();
        for (int i = 0; i < 3; i++) { // 20 MiB of a 24 MiB ring each: kept, the second could not be read in place
            long before = i;
            try (EchoClient quitter = new EchoClient(cluster.port())) {
                byte[] packet = EchoClient.packet(new byte[20 * MIB]);
                quitter.sendRaw(java.util.Arrays.copyOf(packet, 10 * MIB));
                cluster.awaitStatus(s -> s.reactorCounter("large_read_in_place") > before, "half a packet read into the ring");
            }
            cluster.awaitStatus(s -> s.reactorCounter("closed") > before, "the quitter's session closed");
        }
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(20 * MIB, 9));
        }
        Status status = cluster.awaitStatus(s -> s.reactorCounter("large_stored") == 1, "the counters of the echo");
        assertEquals(4, status.reactorCounter("large_read_in_place"));
        assertEquals(0, status.reactorCounter("large_store_busy"), "each cut packet's space was given back");
        assertEquals(1, status.reactorCounter("large_stored"));
    }

    @Test
    void anUnusableShmDirFallsBackToStreamingAndSaysWhy() throws Exception {
        Path notADirectory = Files.writeString(cluster.home().resolve("shm"), "not a directory");
        cluster.set("shm_dir=" + notADirectory);
        cluster.start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(EchoClient.randomBody(2 * MIB, 1));
            client.echo("and small ones as ever".getBytes());
        }
        String log = cluster.awaitLog("large payload not stored (1 so far)");
        assertTrue(log.contains(notADirectory.toString()) && log.contains("streaming it over the link instead"), log);
        assertEquals("not a directory", Files.readString(notADirectory));
    }

    /** ulimit -f below the ring's size: making a ring fails with EFBIG (File too large), so every payload streams. */
    @Test
    void aRingThatCannotBeMadeStreamsEveryPayloadAndSaysWhy() throws Exception {
        Path shm = cluster.home().resolve("shm");
        cluster.withFileSizeLimit(4 * MIB).set("shm_dir=" + shm).start();
        try (EchoClient client = new EchoClient(cluster.port())) {
            for (int i = 0; i < 3; i++) {
                client.echo(EchoClient.randomBody(2 * MIB, i));
            }
        }
        String log = cluster.awaitLog("streaming it over the link instead");
        assertTrue(log.contains("File too large"), log);
        assertEquals(List.of(), rings(shm), "the ring that could not be made was deleted");
    }

    /**
     * A /dev/shm with room for one ring only (a 6 MiB tmpfs, 4 MiB rings; Docker's default /dev/shm is
     * 64 MB): the first ring takes its memory whole when made, the second cannot and says so, and its
     * payloads stream. Nothing faults mid-copy (a sparse ring's page that a full tmpfs cannot give
     * killed the reactor's thread). Needs the right to mount a tmpfs; skipped without it.
     */
    @Test
    void aShmDirWithRoomForOneRingStreamsTheRestAndNothingFails(@TempDir Path temp) throws Exception {
        Path shm = Files.createDirectory(cluster.home().resolve("small-shm"));
        org.junit.jupiter.api.Assumptions.assumeTrue(mount(shm, "6m"), "cannot mount a tmpfs here");
        try { // an app that replies from arrays of its own, so its worker needs a second ring
            cluster.set("shm_dir=" + shm).set("shm_ring_size=4M").start(TestAppJar.build(ProbeApp.class, temp));
            try (EchoClient client = new EchoClient(cluster.port())) {
                for (int i = 0; i < 4; i++) {
                    client.echo(EchoClient.randomBody(3 * MIB, i));
                }
            }
            String log = cluster.awaitLog("streaming it over the link instead");
            assertTrue(log.contains("No space left on device"), log);
            assertTrue(log.contains("shm_dir " + shm + " has 6 MiB free") && log.contains("(2 rings of shm_ring_size 4 MiB)"),
                    "the manager said so at start: " + log);
            assertFalse(log.contains("InternalError") || log.contains("unsafe memory access"), log);
            assertEquals(1, rings(shm).size(), "one ring made, the other refused whole: " + rings(shm));
            Status status = cluster.awaitStatus(s -> s.reactorCounter("large_stored") == 4, "the counters of the four packets");
            assertEquals(status.reactorPid(0), cluster.status().reactorPid(0), "the reactor carries on");
            cluster.stop();
        } finally {
            unmount(shm);
        }
    }

    private static boolean mount(Path dir, String size) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return p.waitFor() == 0;
    }

    private static void unmount(Path dir) throws Exception {
        // lazy: detached now even when a failed test left a process mapping a ring; freed when it ends
        Process p = new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, p.waitFor(), "umount " + dir);
    }

    @Test
    void afterAWorkerIsKilledMidTransferAndTheServerStopsNothingIsLeftInShm(@TempDir Path temp) throws Exception {
        Path shm = ShmQueues.defaultShmDir(cluster);
        try {
            Status before = cluster.start(TestAppJar.build(ProbeApp.class, temp)); // its replies make it a ring
            long victim = before.workerPid(0);
            try (EchoClient client = new EchoClient(cluster.port())) {
                client.echo(EchoClient.randomBody(2 * MIB, 1));
            }
            assertTrue(rings(shm).stream().anyMatch(r -> r.getFileName().toString().contains("-" + victim + "-")), rings(shm).toString());
            MidTransferKill.killWorkerWhileABigPacketCrosses(cluster, victim);
            assertTrue(rings(shm).stream().noneMatch(r -> r.getFileName().toString().contains("-" + victim + "-")),
                    "the killed worker's ring was swept when it died: " + rings(shm));
            cluster.stop();
            assertFalse(Files.exists(shm), "nothing of the server is left in /dev/shm: " + rings(shm));
        } finally {
            ShmQueues.deleteIfLeft(shm);
        }
    }
}
