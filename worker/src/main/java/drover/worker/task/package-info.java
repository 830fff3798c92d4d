/**
 * Task workers (task worker JVMs: {@link drover.worker.task.TaskWorkerMain}) and the worker's side of
 * its links to them ({@link drover.worker.task.TaskClient}, in worker JVMs).
 */
package drover.worker.task;
