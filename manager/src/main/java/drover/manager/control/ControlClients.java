package drover.manager.control;

import drover.common.log.Log;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The control connections that are not a child's link: status, reload and stop clients, and
 * whatever else connects to manager.sock. Each costs the manager about 68 KB (its virtual thread
 * and read buffer) for as long as it stays open, so they are bounded in number ({@link #MAX_OPEN})
 * and one that sends nothing for {@link #IDLE_TIMEOUT} is closed. A connection waiting for its
 * answer (reload --wait) is not idle. A child's link leaves this count with its HELLO: children
 * are bounded by the settings, and their links live as long as they do.
 */
final class ControlClients {
    static final int MAX_OPEN = 64;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final int maxOpen;
    private final long idleTimeoutNanos;
    /** Open client connections; the value is when an idle one is closed, or 0 while its command is answered. */
    private final Map<ControlConnection, Long> open = new ConcurrentHashMap<>();
    private volatile Thread reaper;

    ControlClients(int maxOpen, Duration idleTimeout) {
        this.maxOpen = maxOpen;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** Starts the virtual thread that closes idle connections, until {@link #stopReaper}. */
    void startReaper() {
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(idleTimeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        reaper = Thread.ofVirtual().name("manager-control-reaper").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(tick);
                closeIdle(System.nanoTime());
            }
        });
    }

    void stopReaper() {
        if (reaper != null) {
            reaper.interrupt();
        }
    }

    /** A new connection: counted and its idle clock started, or false when {@link #MAX_OPEN} are open. */
    synchronized boolean admit(ControlConnection connection) {
        if (open.size() >= maxOpen) {
            Log.warnThrottled("control connection refused", "refused a control connection: " + open.size()
                    + " client connections are open, the most allowed; idle ones close after "
                    + TimeUnit.NANOSECONDS.toSeconds(idleTimeoutNanos) + " s");
            return false;
        }
        open.put(connection, System.nanoTime() + idleTimeoutNanos);
        return true;
    }

    /** A command came in: the connection is not idle until it is answered. */
    void busy(ControlConnection connection) {
        open.computeIfPresent(connection, (c, deadline) -> 0L);
    }

    /** The command was answered: the idle clock starts again. */
    void answered(ControlConnection connection) {
        open.computeIfPresent(connection, (c, deadline) -> System.nanoTime() + idleTimeoutNanos);
    }

    /** The connection is a child's link (its HELLO came), or it closed: no longer counted. */
    void forget(ControlConnection connection) {
        open.remove(connection);
    }

    void closeIdle(long nowNanos) {
        open.forEach((connection, deadline) -> {
            if (deadline != 0 && nowNanos - deadline >= 0 && open.remove(connection, deadline)) {
                Log.debug("closing an idle control connection");
                connection.close(); // its reader wakes with an exception and ends
            }
        });
    }
}
