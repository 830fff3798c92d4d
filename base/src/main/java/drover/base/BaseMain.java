package drover.base;

import drover.common.link.ProcessRole;
import drover.common.process.ChildLifecycle;
import drover.reactor.BaseConnections;
import drover.worker.BaseWorker;

/** Entry point of a server_mode=base worker JVM (a worker that owns its connections); started only by the manager. */
public final class BaseMain {
    private BaseMain() {
    }

    public static void main(String[] args) {
        ChildLifecycle.main(ProcessRole.WORKER, args, context -> BaseWorker.boot(context,
                (loop, toWorker) -> BaseConnections.open(context.config(), loop, toWorker, context.args().slot(),
                        context.args().generation())));
    }
}
