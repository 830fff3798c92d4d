package drover.manager.child;

import java.util.Locale;

/** A child process's life as the manager sees it. */
public enum ChildState {
    STARTING, READY, DRAINING, STOPPING, EXITED;

    boolean canMoveTo(ChildState next) {
        return switch (this) {
            case STARTING -> next == READY || next == STOPPING || next == EXITED;
            case READY -> next == DRAINING || next == STOPPING || next == EXITED;
            case DRAINING -> next == STOPPING || next == EXITED;
            case STOPPING -> next == EXITED;
            case EXITED -> false;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
