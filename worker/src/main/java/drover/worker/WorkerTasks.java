package drover.worker;

import drover.common.log.Log;
import drover.worker.api.TaskException;
import drover.worker.task.TaskCall;
import drover.worker.task.TaskClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task methods of a worker's Server: ids are given on the caller's thread, the hand-over to the
 * {@link TaskClient} happens on the loop, and every outcome reaches the app through the loop's inbox,
 * so an onTaskFailed never runs inside the task() call that caused it.
 */
final class WorkerTasks {
    private final WorkerLoop loop;
    private final TaskClient client;
    private final int maxPayload;
    private final AtomicLong nextId = new AtomicLong();
    private CallbackInvoker invoker;

    WorkerTasks(WorkerLoop loop, TaskClient client, int maxPayload) {
        this.loop = loop;
        this.client = client;
        this.maxPayload = maxPayload;
    }

    TaskClient client() {
        return client;
    }

    void attach(CallbackInvoker invoker) {
        this.invoker = invoker;
    }

    /** Server.task: the outcome goes to onFinish or onTaskFailed. */
    long task(byte[] data) {
        checkSize(data);
        long id = nextId.incrementAndGet();
        submit(new TaskCall(id, data, new TaskCall.Reply() {
            @Override
            public void finished(byte[] result) {
                loop.execute(() -> invoker.finish(id, result));
            }

            @Override
            public void failed(String reason) {
                Log.warn("task " + id + " failed: " + reason);
                loop.execute(() -> invoker.taskFailed(id, reason));
            }
        }));
        return id;
    }

    /** Server.taskAsync. */
    CompletableFuture<byte[]> taskAsync(byte[] data) {
        return submitForFuture(data, nextId.incrementAndGet());
    }

    private CompletableFuture<byte[]> submitForFuture(byte[] data, long id) {
        checkSize(data);
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        submit(new TaskCall(id, data, new TaskCall.Reply() {
            @Override
            public void finished(byte[] result) {
                future.complete(result);
            }

            @Override
            public void failed(String reason) {
                future.completeExceptionally(new TaskException(reason, false));
            }
        }));
        return future;
    }

    /** Server.taskwait: blocks the caller, which therefore must not be the loop that receives the result. */
    byte[] taskwait(byte[] data, Duration timeout) throws TaskException {
        checkCaller("taskwait", timeout);
        long id = nextId.incrementAndGet();
        CompletableFuture<byte[]> future = submitForFuture(data, id);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            loop.execute(() -> client.cancel(id));
            throw new TaskException("taskwait timed out after " + timeout.toMillis() + " ms (task " + id + ")", true);
        } catch (ExecutionException e) {
            throw (TaskException) e.getCause();
        } catch (InterruptedException e) {
            loop.execute(() -> client.cancel(id));
            Thread.currentThread().interrupt();
            throw new TaskException("taskwait interrupted (task " + id + ")", false);
        }
    }

    /** Server.taskWaitMulti: all at once, then one shared deadline; null for a task without a result. */
    List<byte[]> taskWaitMulti(List<byte[]> tasks, Duration timeout) {
        checkCaller("taskWaitMulti", timeout);
        tasks.forEach(this::checkSize);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<byte[]>> futures = new ArrayList<>();
        for (byte[] data : tasks) {
            long id = nextId.incrementAndGet();
            ids.add(id);
            futures.add(submitForFuture(data, id));
        }
        List<byte[]> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                long id = ids.get(i);
                loop.execute(() -> client.cancel(id));
                results.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ids.forEach(id -> loop.execute(() -> client.cancel(id)));
                while (results.size() < tasks.size()) {
                    results.add(null);
                }
                return results;
            }
        }
        return results;
    }

    private void submit(TaskCall call) {
        if (loop.inLoop()) {
            client.submit(call);
        } else {
            loop.execute(() -> client.submit(call));
        }
    }

    private void checkCaller(String method, Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(method + " timeout " + timeout + " is negative");
        }
        if (loop.inLoop()) {
            throw new IllegalStateException(method + " blocks, and on the worker's loop thread it would block the loop"
                    + " that receives the result: use task() with onFinish, or taskAsync(), or call it from"
                    + " worker_mode=virtual handlers or your own thread");
        }
    }

    private void checkSize(byte[] data) {
        if (data.length > maxPayload) {
            throw new IllegalArgumentException("task of " + data.length + " bytes exceeds the " + maxPayload
                    + "-byte limit of a link message");
        }
    }
}
