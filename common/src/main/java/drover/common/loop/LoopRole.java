package drover.common.loop;

import java.io.IOException;

/**
 * What one kind of process does on its EventLoop beside I/O, the inbox and the timers: the loop calls
 * these hooks on its own thread, once per turn, in this order: {@link #beforeSelect}, select (or a
 * poll, when {@link #hasReadyWork}), the ready handlers, the inbox, the due timers, {@link #afterTurn},
 * and, while STOPPING, {@link #doneStopping}.
 */
public interface LoopRole {
    /** Just before the loop may block: write out what this turn queued. */
    default void beforeSelect() throws IOException {
    }

    /** Work is waiting that select must not delay (the loop polls instead of blocking). */
    default boolean hasReadyWork() {
        return false;
    }

    /** After the turn's I/O, inbox tasks and timers. */
    default void afterTurn() throws IOException {
    }

    /** While STOPPING, after each turn: whether everything owed is done (or its deadline passed). */
    boolean doneStopping(long nowNanos);
}
