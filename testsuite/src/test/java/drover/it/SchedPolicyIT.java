package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sched_policy: every thread of every child, respawned ones included, runs under the policy asked for. */
@Timeout(300)
class SchedPolicyIT {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2).set("task_worker_num=1");

    @Test
    void byDefaultEveryChildThreadRunsUnderSchedBatchAndSoDoesARespawnedWorker() throws Exception {
        assumeProcSched();
        Status status = cluster.start();
        for (long pid : status.childPids()) {
            assertEquals(Set.of(SCHED_BATCH), policies(pid).keySet(), "threads by policy of pid " + pid);
        }
        long victim = status.workerPid(0);
        cluster.signal(victim, "KILL");
        Status after = cluster.awaitStatus(s -> s.workerPid(0) != victim && s.isReady(0), "worker#0 respawned");
        long respawned = after.workerPid(0);
        assertEquals(Set.of(SCHED_BATCH), policies(respawned).keySet(), "threads by policy of the respawned worker");
        assertTrue(policies(status.managerPid()).containsKey(SCHED_OTHER), "the manager keeps its own policy");
    }

    @Test
    void normalLeavesTheChildrenUnderTheManagersPolicy() throws Exception {
        assumeProcSched();
        cluster.set("sched_policy=normal");
        Status status = cluster.start();
        for (long pid : status.childPids()) {
            assertEquals(Set.of(SCHED_OTHER), policies(pid).keySet(), "threads by policy of pid " + pid);
        }
    }

    private static void assumeProcSched() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/sched")), "needs Linux's /proc/PID/sched");
    }

    /** How many of the process's threads run under each policy ("policy" in /proc/PID/task/TID/sched). */
    private static Map<Integer, Integer> policies(long pid) throws IOException {
        Map<Integer, Integer> counts = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                int policy = policyOf(task.resolve("sched"));
                if (policy >= 0) {
                    counts.merge(policy, 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    /** -1 when the thread ended meanwhile. */
    private static int policyOf(Path sched) {
        try {
            for (String line : Files.readAllLines(sched)) {
                if (line.startsWith("policy")) {
                    return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            throw new AssertionError("no policy line in " + sched);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
