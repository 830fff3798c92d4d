package drover.worker;

import drover.common.process.BootFailure;
import drover.common.process.ChildContext;
import drover.common.process.ChildRole;
import drover.common.process.LocalLink;

/**
 * The worker of server_mode=base, for the base module, which brings the connections (the reactor's
 * protocol stack) that this module may not import: the same worker, app and loop, with its own
 * connections in place of reactor links.
 */
public final class BaseWorker {
    private BaseWorker() {
    }

    /** @param connections opens this worker's listeners on its loop, when the loop is made */
    public static ChildRole boot(ChildContext context, LocalLink.Opener connections) throws BootFailure {
        return Worker.boot(context, connections);
    }
}
