package drover.common.table;

import java.time.Instant;
import java.util.Optional;

/**
 * What a lock word in shared memory holds while a process owns it: the pid in the high 32 bits and
 * the low 32 bits of the process's start time in milliseconds, so that a lock whose owner died is
 * recognised even after the kernel gives its pid to another process. Never 0 (0 is "free").
 */
final class OwnerToken {
    /** This process's token. */
    static final long SELF = of(ProcessHandle.current());

    private OwnerToken() {
    }

    static long of(ProcessHandle process) {
        return process.pid() << 32 | startStamp(process.info().startInstant());
    }

    static long pid(long token) {
        return token >>> 32;
    }

    /**
     * Whether the process the token names still runs. Costs a look at /proc: only called after a lock
     * has been waited on for a while. A process whose start time cannot be read counts as alive.
     */
    static boolean isAlive(long token) {
        if (token == SELF) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid(token));
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> start = process.get().info().startInstant();
        return start.isEmpty() || startStamp(start) == (token & 0xffff_ffffL);
    }

    private static long startStamp(Optional<Instant> start) {
        return start.map(Instant::toEpochMilli).orElse(0L) & 0xffff_ffffL;
    }
}
