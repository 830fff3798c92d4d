package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drover.common.config.SchedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real child process, started under each policy; its policy read back from /proc. */
class ChildSchedulingTest {
    private Process child;

    @AfterEach
    void endChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void batchStartsTheChildUnderSchedBatchAndLeavesTheCallerAsItWas() throws IOException {
        assumeLinux();
        int callerBefore = ChildScheduling.currentPolicy();
        child = ChildScheduling.launchUnder(SchedPolicy.BATCH, ChildSchedulingTest::sleeper);
        assertEquals(ChildScheduling.SCHED_BATCH, policyOf(child.pid()));
        assertEquals(callerBefore, ChildScheduling.currentPolicy(), "the launching thread's own policy is back");
    }

    @Test
    void normalStartsTheChildUnderTheCallersPolicy() throws IOException {
        assumeLinux();
        child = ChildScheduling.launchUnder(SchedPolicy.NORMAL, ChildSchedulingTest::sleeper);
        assertEquals(ChildScheduling.currentPolicy(), policyOf(child.pid()));
    }

    @Test
    void aLaunchThatFailsStillRestoresTheCaller() {
        assumeLinux();
        int callerBefore = ChildScheduling.currentPolicy();
        IOException failure = assertThrows(IOException.class, () -> ChildScheduling.launchUnder(SchedPolicy.BATCH, () -> {
            throw new IOException("no such program");
        }));
        assertEquals("no such program", failure.getMessage());
        assertEquals(callerBefore, ChildScheduling.currentPolicy());
    }

    private static Process sleeper() throws IOException {
        return new ProcessBuilder(List.of("sleep", "60")).start();
    }

    private static void assumeLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/sched")) && ChildScheduling.currentPolicy() >= 0,
                "needs Linux's sched_getscheduler and /proc/PID/sched");
    }

    /** The "policy" line of /proc/PID/sched. */
    private static int policyOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "sched"))) {
            if (line.startsWith("policy")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no policy line in /proc/" + pid + "/sched");
    }
}
