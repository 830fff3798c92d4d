package drover.common.table;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A lock in one long of shared memory that processes take with a compare-and-set of their
 * {@link OwnerToken}. It is not a robust mutex of the kernel: a waiter that has waited a while looks
 * at the owner, and when that process is gone (killed mid-write, say) it takes the lock over and is
 * told so, to repair what the dead owner left half done. Not reentrant.
 */
final class OwnerLock {
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** Waits between two looks at the owner: spins, then yields, then looks. */
    private static final int LOOK_EVERY = 2048;
    private static final int SPINS = 64;

    private OwnerLock() {
    }

    /**
     * Takes the lock at offset. Returns 0, or the token of the dead owner it was taken over from: the
     * caller must then repair what the lock guards before using it.
     */
    static long acquire(MemorySegment segment, long offset) {
        if (LONG.compareAndSet(segment, offset, 0L, OwnerToken.SELF)) {
            return 0;
        }
        for (int waits = 1; ; waits++) {
            long owner = (long) LONG.getVolatile(segment, offset);
            if (owner == 0) {
                if (LONG.compareAndSet(segment, offset, 0L, OwnerToken.SELF)) {
                    return 0;
                }
            } else if (waits % LOOK_EVERY == 0 && !OwnerToken.isAlive(owner)) {
                if (LONG.compareAndSet(segment, offset, owner, OwnerToken.SELF)) {
                    return owner;
                }
            } else if (waits < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Takes over the lock from an owner already found dead; false when someone else did first. */
    static boolean takeOver(MemorySegment segment, long offset, long deadOwner) {
        return LONG.compareAndSet(segment, offset, deadOwner, OwnerToken.SELF);
    }

    static void release(MemorySegment segment, long offset) {
        LONG.setRelease(segment, offset, 0L);
    }

    /** The owner's token, 0 when free. */
    static long owner(MemorySegment segment, long offset) {
        return (long) LONG.getVolatile(segment, offset);
    }
}
