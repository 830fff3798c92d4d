package drover.worker.task;

/** A task waiting in a task worker, with the link its result goes back on. */
record QueuedTask(WorkerConnection from, long taskId, int fromWorkerId, byte[] data) {
}
