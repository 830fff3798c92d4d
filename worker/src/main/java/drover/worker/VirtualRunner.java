package drover.worker;

import drover.common.log.Log;
import drover.common.process.ExitCode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * worker_mode=virtual: tasks run on virtual threads, those of one key (one session) one at a time in
 * submission order, different keys at the same time. A key with work gets one virtual thread that
 * drains its queue, then ends; the next task of that key starts a new one. So a handler that blocks
 * holds up only its own session.
 */
final class VirtualRunner implements CallbackRunner {
    /** Above this many tasks queued or running the loop stops reading packets; it reads again below LOW. */
    static final int HIGH = 4096;
    static final int LOW = HIGH / 4;

    private final ThreadFactory threads = Thread.ofVirtual().name("drover-app-", 0).factory();
    private final Map<Object, ArrayDeque<Runnable>> queues = new HashMap<>(); // guarded by itself
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The threads running a task now, and since when (System.nanoTime); for SlowHandlerWatch. */
    private final Map<Thread, Long> running = new ConcurrentHashMap<>();
    private final Runnable progress;

    VirtualRunner(Runnable progress) {
        this.progress = progress;
    }

    @Override
    public void ordered(Object key, Runnable task) {
        inFlight.incrementAndGet();
        synchronized (queues) {
            ArrayDeque<Runnable> queue = queues.get(key);
            if (queue != null) {
                queue.add(task); // the key's thread is running: it takes this one after the others
                return;
            }
            queues.put(key, new ArrayDeque<>());
        }
        threads.newThread(() -> drain(key, task)).start();
    }

    @Override
    public void unordered(Runnable task) {
        inFlight.incrementAndGet();
        threads.newThread(() -> runOne(task)).start();
    }

    private void drain(Object key, Runnable first) {
        Runnable task = first;
        while (task != null) {
            runOne(task);
            synchronized (queues) {
                ArrayDeque<Runnable> queue = queues.get(key);
                task = queue.poll();
                if (task == null) {
                    queues.remove(key);
                }
            }
        }
    }

    private void runOne(Runnable task) {
        Thread self = Thread.currentThread();
        running.put(self, System.nanoTime());
        try {
            task.run(); // CallbackInvoker already caught what an app may throw
        } catch (RuntimeException e) {
            Log.error("worker task failed", e); // never end a session's drain loop with work queued
        } catch (Error e) {
            // an Error past the invoker (out of memory, say): this JVM cannot be trusted to go on
            Log.error("fatal error in an app callback; exiting", e);
            Runtime.getRuntime().halt(ExitCode.CRASHED.code());
        } finally {
            running.remove(self);
        }
        int left = inFlight.decrementAndGet();
        if (left == 0 || left == LOW) {
            progress.run();
        }
    }

    @Override
    public Map<Thread, Long> running() {
        return Collections.unmodifiableMap(running);
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public boolean acceptsMore(boolean readingNow) {
        return inFlight.get() < (readingNow ? HIGH : LOW);
    }
}
