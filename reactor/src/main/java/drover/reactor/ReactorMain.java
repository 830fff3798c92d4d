package drover.reactor;

import drover.common.link.ProcessRole;
import drover.common.process.ChildLifecycle;

/** Entry point of a reactor JVM; started only by the manager. */
public final class ReactorMain {
    private ReactorMain() {
    }

    public static void main(String[] args) {
        ChildLifecycle.main(ProcessRole.REACTOR, args, Reactor::boot);
    }
}
