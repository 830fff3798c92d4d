package drover.worker.task;

import drover.common.link.ProcessRole;
import drover.common.process.ChildContext;

/** Entry point of a task worker JVM; started only by the manager. */
public final class TaskWorkerMain {
    private TaskWorkerMain() {
    }

    public static void main(String[] args) {
        ChildContext context = ChildContext.boot(ProcessRole.TASK_WORKER, args);
        TaskWorker worker = TaskWorker.boot(context);
        System.exit(worker.run().code());
    }
}
