package drover.worker;

import drover.common.link.ProcessRole;
import drover.common.process.ChildLifecycle;

/** Entry point of a worker JVM; started only by the manager. */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        ChildLifecycle.main(ProcessRole.WORKER, args, Worker::boot);
    }
}
