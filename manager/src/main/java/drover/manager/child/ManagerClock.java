package drover.manager.child;

import java.time.Instant;

/**
 * The manager's time: System.nanoTime for every deadline it keeps (kills, respawn back-off, reload
 * steps, hang checks) and the wall clock for what it reports. The supervisor's tests pass a fake
 * one and move it by hand, so nothing in them waits for time to pass.
 */
public interface ManagerClock {
    ManagerClock SYSTEM = new ManagerClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** A monotonic count of nanoseconds, as System.nanoTime: only differences mean anything. */
    long nanoTime();

    Instant now();
}
