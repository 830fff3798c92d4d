package drover.worker.task;

import drover.common.link.ProcessRole;
import drover.common.process.ChildLifecycle;

/** Entry point of a task worker JVM; started only by the manager. */
public final class TaskWorkerMain {
    private TaskWorkerMain() {
    }

    public static void main(String[] args) {
        ChildLifecycle.main(ProcessRole.TASK_WORKER, args, TaskWorker::boot);
    }
}
