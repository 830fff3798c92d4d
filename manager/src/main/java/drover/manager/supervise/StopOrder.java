package drover.manager.supervise;

import drover.common.frame.ControlMessage;
import drover.common.link.ProcessRole;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import java.util.List;

/**
 * The order a stop takes: workers first (they finish what the reactor already gave them, and their
 * tasks are answered meanwhile), then the task workers (they finish their queues), then the
 * reactors flush and close. Every child is killed if still alive at the stop deadline. Supervisor
 * loop only.
 */
final class StopOrder {
    private final Children children;

    StopOrder(Children children) {
        this.children = children;
    }

    /** The reactors stop taking connections, the workers are told to stop; all must be gone by the deadline. */
    void begin(long deadlineNanos) {
        for (Child child : children.all()) {
            child.killAt(deadlineNanos);
            if (child.slot().role() == ProcessRole.REACTOR) {
                Children.tell(child, new ControlMessage.Drain());
            } else if (child.slot().role() == ProcessRole.WORKER) {
                children.stop(child);
            }
        }
    }

    /** After each exit: the next role is told to stop once every child before it is gone; true when none is left. */
    boolean proceed() {
        for (ProcessRole next : new ProcessRole[] {ProcessRole.TASK_WORKER, ProcessRole.REACTOR}) {
            boolean before = next == ProcessRole.TASK_WORKER ? children.anyOf(ProcessRole.WORKER)
                    : children.anyOf(ProcessRole.WORKER) || children.anyOf(ProcessRole.TASK_WORKER);
            if (before) {
                break;
            }
            for (Child child : List.copyOf(children.all())) {
                if (child.slot().role() == next && child.state() != ChildState.STOPPING) {
                    children.stop(child);
                }
            }
        }
        return children.isEmpty();
    }
}
