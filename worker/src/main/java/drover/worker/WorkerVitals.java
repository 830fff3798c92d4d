package drover.worker;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameType;
import drover.common.link.ControlLink;
import drover.common.log.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the manager learns of a worker's health, sent from the worker's loop thread: a heartbeat
 * (so a loop stuck in app code goes silent and the manager's worker_timeout notices) carrying the
 * request count, and a single recycle request once max_request (plus its random grace) is reached.
 */
final class WorkerVitals {
    private static final long MAX_BEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_BEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ControlLink control;
    private final long beatNanos;
    private final long recycleAfter;
    private volatile long requests; // written by the loop thread only; read by Server.stats from any
    private long nextBeatNanos;
    private boolean recycleAsked;

    WorkerVitals(ControlLink control, DroverConfig config) {
        this.control = control;
        this.beatNanos = beatInterval(config.workerTimeout());
        this.recycleAfter = config.maxRequest() == 0 ? Long.MAX_VALUE
                : config.maxRequest() + ThreadLocalRandom.current().nextLong(config.maxRequestGrace() + 1L);
        this.nextBeatNanos = System.nanoTime();
    }

    // A quarter of the timeout, so one late beat is never mistaken for a hang; at most a second.
    static long beatInterval(Duration workerTimeout) {
        if (workerTimeout.isZero()) {
            return MAX_BEAT_NANOS;
        }
        return Math.clamp(workerTimeout.toNanos() / 4, MIN_BEAT_NANOS, MAX_BEAT_NANOS);
    }

    long recycleAfter() {
        return recycleAfter;
    }

    long requests() {
        return requests;
    }

    /** One packet handed to the app. */
    void countRequest() {
        requests++;
        if (requests >= recycleAfter && !recycleAsked) {
            recycleAsked = true;
            send(FrameType.RECYCLE, "max_request reached (" + requests + " requests)");
        }
    }

    /** Called on every loop turn: sends the heartbeat when due. */
    void beatIfDue(long now) {
        if (now - nextBeatNanos >= 0) {
            nextBeatNanos = now + beatNanos;
            send(FrameType.HEARTBEAT, "requests=" + requests);
        }
    }

    /** How long the loop may block before the next beat is due. */
    long millisToNextBeat(long now) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextBeatNanos - now));
    }

    private void send(FrameType type, String text) {
        try {
            control.send(type, text);
        } catch (IOException e) {
            // The control link's reader sees the same failure as EOF and ends this worker.
            Log.warn("cannot send " + type + " to the manager: " + e.getMessage());
        }
    }
}
