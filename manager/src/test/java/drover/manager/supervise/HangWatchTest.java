package drover.manager.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import drover.common.link.ProcessRole;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.FakeProcess;
import drover.manager.child.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HangWatchTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final HangWatch watch = new HangWatch(Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final FakeProcess process = new FakeProcess(p -> { });

    @AfterEach
    void endProcess() {
        process.destroy();
    }

    private Child child(ProcessRole role) {
        return new Child(new Slot(role, 0), 1, process, Instant.now());
    }

    @Test
    void aReadyWorkerSilentForLongerThanWorkerTimeoutIsHung() {
        Child worker = child(ProcessRole.WORKER);
        worker.markReady("", System.nanoTime());
        long beat = worker.lastBeatNanos();
        assertNull(watch.hangReason(worker, beat + 30 * SECOND));
        assertEquals("no heartbeat for 31 s (worker_timeout 30 s)", watch.hangReason(worker, beat + 31 * SECOND));
    }

    @Test
    void aHeartbeatRestartsTheClock() {
        Child worker = child(ProcessRole.WORKER);
        worker.markReady("", System.nanoTime());
        long beat = worker.lastBeatNanos();
        worker.beat(beat + 20 * SECOND, 5);
        assertNull(watch.hangReason(worker, beat + 45 * SECOND));
    }

    @Test
    void aTaskWorkerAndADrainingWorkerAreWatchedToo() {
        Child task = child(ProcessRole.TASK_WORKER);
        task.markReady("", System.nanoTime());
        task.moveTo(ChildState.DRAINING);
        assertEquals("no heartbeat for 40 s (worker_timeout 30 s)", watch.hangReason(task, task.lastBeatNanos() + 40 * SECOND));
    }

    @Test
    void reactorsAndStoppingChildrenAreNotJudgedByHeartbeat() {
        Child reactor = child(ProcessRole.REACTOR);
        reactor.markReady("", System.nanoTime());
        assertNull(watch.hangReason(reactor, reactor.lastBeatNanos() + 3600 * SECOND));

        Child stopping = child(ProcessRole.WORKER);
        stopping.markReady("", System.nanoTime());
        stopping.moveTo(ChildState.STOPPING); // killed at max_wait_time instead
        assertNull(watch.hangReason(stopping, stopping.lastBeatNanos() + 3600 * SECOND));
    }

    @Test
    void aWorkerThatNeverGetsReadyIsGivenTheReadyTimeout() {
        Child starting = child(ProcessRole.WORKER);
        assertNull(watch.hangReason(starting, starting.startedNanos() + 10 * SECOND));
        assertEquals("not ready within reload_ready_timeout 10 s", watch.hangReason(starting, starting.startedNanos() + 11 * SECOND));
    }

    @Test
    void workerTimeoutZeroTurnsTheHeartbeatCheckOff() {
        HangWatch off = new HangWatch(Duration.ZERO, Duration.ofSeconds(10));
        Child worker = child(ProcessRole.WORKER);
        worker.markReady("", System.nanoTime());
        assertNull(off.hangReason(worker, worker.lastBeatNanos() + 3600 * SECOND));
    }

    @Test
    void aCondemnedChildIsKilledAfterTheDumpGraceAndNotJudgedTwice() {
        Child worker = child(ProcessRole.WORKER);
        worker.markReady("", System.nanoTime());
        long now = worker.lastBeatNanos() + 60 * SECOND;
        watch.condemn(worker, "test", now); // its pid is beyond pid_max: the SIGQUIT reaches nobody
        assertEquals(now + HangWatch.DUMP_GRACE_NANOS, worker.killAtNanos());
        assertNull(watch.hangReason(worker, now + 120 * SECOND));
    }
}
