package drover.common.loop;

/**
 * Where an event loop is in its life. RUNNING takes new work; DRAINING takes none but finishes what
 * it holds (a reactor that stopped accepting and reading); STOPPING finishes what it owes within a
 * deadline, and the loop ends once its role says it is done; STOPPED ends the loop.
 */
public enum LoopState {
    RUNNING, DRAINING, STOPPING, STOPPED;

    /** Whether a loop in this state may move to {@code next}: forward only, and any state may stop at once. */
    public boolean canMoveTo(LoopState next) {
        return switch (this) {
            case RUNNING -> next != RUNNING;
            case DRAINING -> next == STOPPING || next == STOPPED;
            case STOPPING -> next == STOPPED;
            case STOPPED -> false;
        };
    }
}
