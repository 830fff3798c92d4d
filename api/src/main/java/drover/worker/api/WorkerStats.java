package drover.worker.api;

import java.time.Instant;

/**
 * One worker's counters ({@link Server#stats}). In a task worker, {@code requests} counts the tasks
 * run and {@code inFlight} the tasks waiting in its queue.
 *
 * @param workerId    the worker's slot
 * @param startTime   when the worker process started
 * @param requests    packets handed to {@link DroverApp#onReceive} so far
 * @param connections sessions the worker holds now ({@link Server#connections})
 * @param timers      timers pending now
 * @param inFlight    callbacks queued or running on virtual threads now; always 0 in
 *                    {@code worker_mode=loop}
 */
public record WorkerStats(int workerId, Instant startTime, long requests, int connections, int timers,
                          int inFlight) {
}
