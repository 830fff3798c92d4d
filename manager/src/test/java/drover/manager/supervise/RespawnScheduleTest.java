package drover.manager.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.link.ProcessRole;
import drover.manager.child.Slot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RespawnScheduleTest {
    private static final Slot WORKER_0 = new Slot(ProcessRole.WORKER, 0);
    private static final Slot WORKER_1 = new Slot(ProcessRole.WORKER, 1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RespawnSchedule schedule = new RespawnSchedule();

    @Test
    void aChildThatLivedLongIsRespawnedAtOnce() {
        assertEquals(0, schedule.afterDeath(WORKER_0, 5_000, 1_000));
        assertEquals(List.of(WORKER_0), schedule.takeDue(1_000, s -> true));
        assertFalse(schedule.isScheduled(WORKER_0));
    }

    @Test
    void dyingYoungAgainAndAgainDoublesTheDelayUpToTenSeconds() {
        long[] expected = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
        for (long delay : expected) {
            assertEquals(delay, schedule.afterDeath(WORKER_0, 10, 0));
        }
        assertEquals(expected.length, schedule.quickDeaths(WORKER_0));
    }

    @Test
    void theDelayNeverOverflowsHoweverLongTheCrashLoop() {
        for (int i = 0; i < 100; i++) {
            assertEquals(i == 0 ? 100 : Math.min(10_000, 100L << Math.min(i, 16)), schedule.afterDeath(WORKER_0, 0, 0));
        }
    }

    @Test
    void aLongLifeOrAReadyChildResetsTheCount() {
        schedule.afterDeath(WORKER_0, 10, 0);
        schedule.afterDeath(WORKER_0, 10, 0);
        assertEquals(0, schedule.afterDeath(WORKER_0, 60_000, 0));
        assertEquals(0, schedule.quickDeaths(WORKER_0));

        schedule.afterDeath(WORKER_0, 10, 0);
        schedule.onReady(WORKER_0);
        assertEquals(100, schedule.afterDeath(WORKER_0, 10, 0));
    }

    @Test
    void slotsCountTheirDeathsApart() {
        schedule.afterDeath(WORKER_0, 10, 0);
        schedule.afterDeath(WORKER_0, 10, 0);
        assertEquals(100, schedule.afterDeath(WORKER_1, 10, 0));
    }

    @Test
    void aSlotIsTakenOnlyWhenDueAndAllowed() {
        schedule.afterDeath(WORKER_0, 10, 0); // due at 100 ms
        schedule.spawnNow(WORKER_1, 0);
        assertEquals(List.of(), schedule.takeDue(0, s -> !s.equals(WORKER_1)));
        assertEquals(0, schedule.nextDueNanos(Long.MAX_VALUE));
        assertEquals(List.of(WORKER_1), schedule.takeDue(99 * MS, s -> true));
        assertEquals(100 * MS, schedule.nextDueNanos(Long.MAX_VALUE));
        assertEquals(List.of(WORKER_0), schedule.takeDue(100 * MS, s -> true));
        assertEquals(7L, schedule.nextDueNanos(7L));
    }

    @Test
    void nanoTimeWrappingDoesNotMakeASlotDueEarly() {
        long nearWrap = Long.MAX_VALUE - 50 * MS;
        schedule.afterDeath(WORKER_0, 10, nearWrap); // due 100 ms later, past the wrap
        assertTrue(schedule.takeDue(nearWrap + 60 * MS, s -> true).isEmpty());
        assertEquals(List.of(WORKER_0), schedule.takeDue(nearWrap + 100 * MS, s -> true));
    }

    @Test
    void cancelledSlotsAreNotSpawned() {
        schedule.spawnNow(WORKER_0, 0);
        schedule.spawnNow(WORKER_1, 0);
        schedule.cancel(WORKER_0);
        assertEquals(List.of(WORKER_1), schedule.takeDue(0, s -> true));
        schedule.spawnNow(WORKER_0, 0);
        schedule.cancelAll();
        assertTrue(schedule.takeDue(Long.MAX_VALUE, s -> true).isEmpty());
    }
}
