package drover.worker.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * The handle an app uses to act on sessions, other workers, timers and the server. Every method
 * may be called from any thread and none of them blocks on the network: actions are queued on the
 * worker's loop and reach the reactor process at the end of its turn, in the order one thread
 * called them.
 *
 * <p>A session's socket lives in the reactor process, so what can only be known there comes later:
 * an action for a session that has already closed is dropped by the reactor (its
 * {@link DroverApp#onClose} has come or is coming), and a send that does not fit the connection's
 * output buffer is reported to {@link DroverApp#onSendFailed}.
 */
public interface Server {
    /**
     * Queues bytes for the client.
     *
     * @param sessionId the session to write to
     * @param data      the bytes; the caller must not change them afterwards
     * @return false when the session id names no reactor thread this worker is linked to
     * @throws IllegalArgumentException when data is larger than one link frame may carry
     */
    boolean send(long sessionId, byte[] data);

    /**
     * Queues a copy of the buffer's bytes, from its position to its limit, for the client. The copy is
     * made before this method returns (on the loop thread, straight into the link or, for a large
     * payload with {@code large_payload=shm}, into shared memory), so the buffer may be reused or
     * changed at once: this is how an app replies from the buffer
     * {@link DroverApp#onReceive(Server, long, ByteBuffer)} lent it. The buffer's position and limit
     * are left as they were. The one exception: the buffer {@code onReceive} lent, holding a large
     * packet from shared memory and sent whole, goes back to the reactor by reference rather than as a
     * copy, so its bytes must not be changed after this call (see that method).
     *
     * @param sessionId the session to write to
     * @param data      the bytes; heap or direct, read-only or not
     * @return false when the session id names no reactor thread this worker is linked to
     * @throws IllegalArgumentException when the bytes are more than one link frame may carry
     */
    boolean send(long sessionId, ByteBuffer data);

    /**
     * Closes the session once the bytes already sent to it are written.
     *
     * @param sessionId the session to close
     * @return false when the session id names no reactor thread this worker is linked to
     */
    default boolean close(long sessionId) {
        return close(sessionId, false);
    }

    /**
     * Closes the session. With reset, unsent bytes are dropped and the client gets a TCP reset
     * (SO_LINGER 0) at once; without, the close waits until the bytes already sent are written.
     *
     * @param sessionId the session to close
     * @param reset     drop unsent output and reset the connection
     * @return false when the session id names no reactor thread this worker is linked to
     */
    boolean close(long sessionId, boolean reset);

    /**
     * Whether this worker holds the session: its {@link DroverApp#onConnect} came here and its
     * {@link DroverApp#onClose} has not yet. In {@code dispatch_mode} 2 (the default), 4 and 5 every
     * open session is held by exactly one worker.
     *
     * @param sessionId the session to look up
     * @return true while the session is open and held by this worker
     */
    boolean exists(long sessionId);

    /**
     * What this worker knows of a session it holds (see {@link #exists}).
     *
     * @param sessionId the session to look up
     * @return the client's address and times, or empty when this worker does not hold the session
     */
    Optional<ClientInfo> clientInfo(long sessionId);

    /**
     * The sessions this worker holds now (see {@link #exists}). To reach every connection of the
     * server, send a {@link #sendMessage} to every worker and let each one use its own list.
     *
     * @return a snapshot; later connects and closes do not change it
     */
    Set<Long> connections();

    /**
     * {@code dispatch_mode} 5: from now on the session's packets and its close go to worker
     * {@code uid % worker_num}. Ignored (and logged by the reactor) in other dispatch modes.
     *
     * @param sessionId the session to bind
     * @param uid       the user id that chooses the worker
     * @return false when the session id names no reactor thread this worker is linked to
     */
    boolean bind(long sessionId, long uid);

    /**
     * Stops reading from the client: nothing it sends reaches the app until {@link #resume}. Its
     * bytes wait in the kernel, so a client that keeps writing is slowed down by TCP itself. While
     * paused, the client's own close is noticed only after the resume, and the heartbeat check
     * (which counts time since the last receive) may close the connection as idle.
     *
     * @param sessionId the session to pause
     * @return false when the session id names no reactor thread this worker is linked to
     */
    boolean pause(long sessionId);

    /**
     * Reads from the client again after {@link #pause}.
     *
     * @param sessionId the session to resume
     * @return false when the session id names no reactor thread this worker is linked to
     */
    boolean resume(long sessionId);

    /**
     * Sends a message to a worker, which gets it in {@link WorkerCallbacks#onPipeMessage}. It travels
     * through the reactor, so it waits there while that worker restarts and reaches its
     * replacement; messages from one worker to another keep their order. A worker may message itself.
     *
     * @param workerId the destination slot, 0 .. worker_num-1
     * @param message  the bytes; the caller must not change them afterwards
     * @return false when this worker is not linked to the reactor
     * @throws IllegalArgumentException when workerId is outside 0 .. worker_num-1 or the message is
     *                                  larger than one link frame may carry
     */
    boolean sendMessage(int workerId, byte[] message);

    /**
     * Hands a task to a task worker and returns at once. The task goes to the task worker with the
     * fewest tasks outstanding from this worker; its {@link WorkerCallbacks#onTask} result comes back to
     * this worker's {@link WorkerCallbacks#onFinish}, or the failure to {@link WorkerCallbacks#onTaskFailed},
     * exactly once. A task is never run twice: if its task worker dies, the task fails.
     *
     * @param data the task's data; the caller must not change it afterwards
     * @return the task's id (from 1, unique within this worker)
     * @throws IllegalArgumentException when data is larger than one link frame may carry
     * @throws IllegalStateException    in a task worker (tasks cannot start tasks)
     */
    long task(byte[] data);

    /**
     * Like {@link #task}, but the result completes the returned future instead of calling
     * {@link WorkerCallbacks#onFinish}; a failure completes it exceptionally with a {@link TaskException}.
     * The future completes on the worker's loop thread: stages that block should use the
     * {@code ...Async} methods of {@link CompletableFuture}.
     *
     * @param data the task's data; the caller must not change it afterwards
     * @return the task's result to come
     * @throws IllegalArgumentException when data is larger than one link frame may carry
     * @throws IllegalStateException    in a task worker
     */
    CompletableFuture<byte[]> taskAsync(byte[] data);

    /**
     * Hands a task to a task worker and waits for its result. It blocks the calling thread, so it
     * may be called from {@code worker_mode=virtual} callbacks and from the app's own threads, but
     * not on the worker's loop thread (every callback in {@code worker_mode=loop}): the loop is what
     * receives the result. There use {@link #task} and {@link WorkerCallbacks#onFinish}, or
     * {@link #taskAsync}.
     *
     * @param data    the task's data; the caller must not change it afterwards
     * @param timeout how long to wait; after it the result, should it come, is dropped
     * @return what {@link WorkerCallbacks#onTask} returned
     * @throws TaskException            when the task failed or the timeout ran out
     *                                  ({@link TaskException#timedOut()})
     * @throws IllegalArgumentException when data is too large or the timeout is negative
     * @throws IllegalStateException    on the worker's loop thread, or in a task worker
     */
    byte[] taskwait(byte[] data, Duration timeout) throws TaskException;

    /**
     * Hands several tasks to the task workers at once (so they may run in parallel on different task
     * workers) and waits up to the timeout for all of them. Same thread rules as {@link #taskwait}.
     *
     * @param tasks   the tasks' data, in order
     * @param timeout how long to wait for all of them together
     * @return the results in the order of {@code tasks}; an element is null when that task failed or
     *         did not finish within the timeout (as Swoole's taskWaitMulti leaves it out)
     * @throws IllegalArgumentException when a task's data is too large or the timeout is negative
     * @throws IllegalStateException    on the worker's loop thread, or in a task worker
     */
    List<byte[]> taskWaitMulti(List<byte[]> tasks, Duration timeout);

    /**
     * Runs the callback once, after the delay, on this worker (on its loop thread in
     * {@code worker_mode=loop}, on a virtual thread in {@code worker_mode=virtual}).
     *
     * @param delayMillis 1 .. 86,400,000 milliseconds
     * @param callback    what to run; it gets the timer's id
     * @return the timer's id, for {@link #clearTimer}; never 0
     * @throws IllegalArgumentException when the delay is out of range
     */
    long after(long delayMillis, TimerCallback callback);

    /**
     * Runs the callback every interval, on this worker, until {@link #clearTimer} or the worker
     * stops. The next run is scheduled from the time the previous one was due, so a tick does not
     * drift; a late loop skips the runs it missed rather than running them in a burst.
     *
     * @param intervalMillis 1 .. 86,400,000 milliseconds
     * @param callback       what to run; it gets the timer's id
     * @return the timer's id, for {@link #clearTimer}; never 0
     * @throws IllegalArgumentException when the interval is out of range
     */
    long tick(long intervalMillis, TimerCallback callback);

    /**
     * Cancels a timer of this worker.
     *
     * @param timerId an id from {@link #after} or {@link #tick}
     * @return true when the timer was pending (a one-shot that already ran is no longer pending)
     */
    boolean clearTimer(long timerId);

    /**
     * This worker's counters. The reactor's own counters (all connections) are in the manager's
     * status ({@code scripts/status.sh --json}).
     *
     * @return a snapshot taken now
     */
    WorkerStats stats();

    /**
     * This worker's slot.
     *
     * @return 0 .. worker_num-1; in a task worker, worker_num + its task worker slot
     */
    int workerId();

    /**
     * How many workers the server runs.
     *
     * @return worker_num
     */
    int workerNum();

    /**
     * Whether this process is a task worker (it runs tasks, not client packets). In a task worker
     * {@link #workerId()} is {@code worker_num + i} for task worker i, as in Swoole, and the session,
     * pipe message, timer and task methods throw {@link UnsupportedOperationException} or
     * {@link IllegalStateException}.
     *
     * @return false in a worker that serves clients, true in a task worker
     */
    boolean isTaskWorker();

    /**
     * Asks the manager to reload every worker, as SIGUSR1 or {@code scripts/reload.sh} do. This
     * worker is among those replaced: it gets {@link WorkerCallbacks#onWorkerExit} when its turn comes.
     *
     * @return false when the request could not be sent (the manager is gone)
     */
    boolean reload();

    /**
     * Asks the manager to stop the whole server gracefully, as SIGTERM or {@code scripts/stop.sh} do.
     *
     * @return false when the request could not be sent (the manager is gone)
     */
    boolean shutdown();

    /**
     * A shared-memory table the setting {@code tables} declares: the same rows in every worker and
     * task worker, kept through respawns and reloads (see {@link Table}).
     *
     * @param name the table's declared name
     * @return the table; the same object for the same name
     * @throws IllegalArgumentException when no table of that name is declared
     * @throws IllegalStateException    when the table cannot be mapped (its file missing or refused; the message says why)
     */
    default Table table(String name) {
        throw new UnsupportedOperationException("shared tables are not available in " + getClass().getName());
    }

    /**
     * A shared long counter the setting {@code atomics} names (see {@link Atomic}).
     *
     * @param name the counter's declared name
     * @return the counter
     * @throws IllegalArgumentException when no atomic of that name is declared
     * @throws IllegalStateException    when the atomics cannot be mapped
     */
    default Atomic atomic(String name) {
        throw new UnsupportedOperationException("shared atomics are not available in " + getClass().getName());
    }
}
