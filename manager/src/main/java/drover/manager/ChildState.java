package drover.manager;

import java.util.Locale;

/** A child process's life as the manager sees it. */
enum ChildState {
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

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
