package drover.worker;

import drover.common.link.ProcessRole;
import drover.common.process.ChildContext;

/** Entry point of a worker JVM; started only by the manager. */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        ChildContext context = ChildContext.boot(ProcessRole.WORKER, args);
        Worker worker = Worker.boot(context);
        System.exit(worker.run().code());
    }
}
