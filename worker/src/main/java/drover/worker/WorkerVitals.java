package drover.worker;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage;
import drover.common.link.ControlLink;
import drover.common.log.Log;
import drover.common.metrics.ProcessVitals;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * What the manager learns of a worker's health, from the worker's loop thread: the request count its
 * heartbeat carries (ChildLifecycle sends it), and a single recycle request once max_request (plus
 * its random grace) is reached.
 */
public final class WorkerVitals {
    private final ControlLink control;
    private final long recycleAfter;
    private final String recycleReason; // a format: the count goes in
    private volatile long requests; // written by the loop thread only; read by Server.stats from any
    private boolean recycleAsked;
    private long maxRss; // worker_max_rss; 0 = never
    private IntSupplier queuedTasks; // a task worker's queue; null in a worker

    WorkerVitals(ControlLink control, DroverConfig config) {
        this(control, config.maxRequest(), config.maxRequestGrace(), "max_request", "requests");
        recycleAboveRss(config.workerMaxRss());
    }

    /** A task worker: the METRICS frame carries how many tasks wait in its queue. */
    public WorkerVitals reportQueueDepth(IntSupplier queued) {
        this.queuedTasks = queued;
        return this;
    }

    /** worker_max_rss: past this many resident bytes, seen at a heartbeat, ask once to be replaced; 0 = never. */
    public WorkerVitals recycleAboveRss(long bytes) {
        this.maxRss = bytes;
        return this;
    }

    /**
     * @param maxRequest requests before a recycle is asked for, 0 = never
     * @param grace      random extra requests, 0..grace, so processes started together do not recycle together
     * @param limitName  the setting, for the manager's log: "max_request", "task_max_request"
     * @param counted    what it counts, for the same log line: "requests", "tasks"
     */
    public WorkerVitals(ControlLink control, int maxRequest, int grace, String limitName, String counted) {
        this.recycleReason = limitName + " reached (%d " + counted + ")";
        this.control = control;
        this.recycleAfter = maxRequest == 0 ? Long.MAX_VALUE : maxRequest + ThreadLocalRandom.current().nextLong(grace + 1L);
    }

    long recycleAfter() {
        return recycleAfter;
    }

    public long requests() {
        return requests;
    }

    /** One packet handed to the app. */
    public void countRequest() {
        requests++;
        if (requests >= recycleAfter && !recycleAsked) {
            recycleAsked = true;
            send(new ControlMessage.Recycle(recycleReason.formatted(requests)));
        }
    }

    /**
     * Once per heartbeat, on the loop (ChildLifecycle calls it through the role): sends the METRICS
     * frame (vitals and the app's metrics), asks once for a recycle past worker_max_rss, and returns
     * the request count the HEARTBEAT carries.
     */
    public long onHeartbeat() {
        ProcessVitals vitals = ProcessVitals.measure();
        sendMetrics(AppMetricsReport.encodeNow(vitals, queued())); // a frame of its own: the heartbeat stays as it was
        if (maxRss > 0 && vitals.rssBytes() > maxRss && !recycleAsked) {
            recycleAsked = true;
            send(new ControlMessage.Recycle("worker_max_rss reached (RSS " + (vitals.rssBytes() >> 20) + " MiB > "
                    + (maxRss >> 20) + " MiB)"));
        }
        return requests;
    }

    /**
     * The last METRICS frame, on a graceful exit: what the app counted since the last heartbeat reaches
     * the manager, whose sums keep it (a killed process cannot send it).
     */
    public void reportFinal() {
        sendMetrics(AppMetricsReport.encodeNow(ProcessVitals.measure(), queued()));
    }

    private long queued() {
        return queuedTasks == null ? -1 : queuedTasks.getAsInt();
    }

    private void sendMetrics(byte[] encoded) {
        try {
            control.sendMetrics(encoded);
        } catch (IOException e) {
            // The control link's reader sees the same failure as EOF and ends this worker.
            Log.warn("cannot send METRICS to the manager: " + e.getMessage());
        }
    }

    private void send(ControlMessage message) {
        try {
            control.send(message);
        } catch (IOException e) {
            // The control link's reader sees the same failure as EOF and ends this worker.
            Log.warn("cannot send " + message.type() + " to the manager: " + e.getMessage());
        }
    }
}
