package drover.worker;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameType;
import drover.common.link.ControlLink;
import drover.common.log.Log;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

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

    WorkerVitals(ControlLink control, DroverConfig config) {
        this(control, config.maxRequest(), config.maxRequestGrace(), "max_request", "requests");
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
            send(FrameType.RECYCLE, recycleReason.formatted(requests));
        }
    }

    /** The heartbeat's text: the request count. */
    public String heartbeatText() {
        return "requests=" + requests;
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
