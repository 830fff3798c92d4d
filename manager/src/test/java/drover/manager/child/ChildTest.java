package drover.manager.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.link.ProcessRole;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeProcess process = new FakeProcess(p -> { });
    private final Child child = new Child(new Slot(ProcessRole.WORKER, 0), 1, process, Instant.now());

    @AfterEach
    void endProcess() {
        process.destroy();
    }

    @Test
    void aRecycleMayStartAtOnceUntilOneFails() {
        child.wantRecycle();
        assertTrue(child.recycleMayStart(Long.MIN_VALUE));
        assertTrue(child.recycleMayStart(Long.MAX_VALUE));
    }

    @Test
    void aFailedRecycleIsRetriedAfterABackOffThatDoublesUpToFiveMinutes() {
        child.wantRecycle();
        long now = 1_000 * SECOND;
        long[] expected = {10, 20, 40, 80, 160, 300, 300};
        for (long seconds : expected) {
            assertEquals(seconds, child.recycleFailed(now));
            assertFalse(child.recycleMayStart(now + seconds * SECOND - 1));
            assertTrue(child.recycleMayStart(now + seconds * SECOND));
            assertTrue(child.recycleWanted(), "it still wants its recycle");
        }
    }

    @Test
    void stateMovesOnlyForward() {
        child.markReady("", System.nanoTime());
        child.moveTo(ChildState.DRAINING);
        assertThrows(IllegalStateException.class, () -> child.moveTo(ChildState.READY));
        child.moveTo(ChildState.EXITED);
        assertThrows(IllegalStateException.class, () -> child.moveTo(ChildState.STOPPING));
    }

    @Test
    void aKillDeadlineOnlyMovesEarlier() {
        child.killAt(50 * SECOND);
        child.killAt(90 * SECOND);
        assertEquals(50 * SECOND, child.killAtNanos());
    }

    @Test
    void onceKilledNoDeadlineIsLeftToEnforce() {
        child.killAt(50 * SECOND);
        child.markKilled();
        assertEquals(Long.MAX_VALUE, child.killAtNanos());
        child.killAt(60 * SECOND); // a later stop or swap must not bring the kill back
        assertEquals(Long.MAX_VALUE, child.killAtNanos());
    }
}
