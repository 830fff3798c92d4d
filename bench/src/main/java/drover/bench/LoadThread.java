package drover.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One selector thread driving its share of a run's connections, until the run stops sending and they settle. */
final class LoadThread implements Runnable {
    private static final long SELECT_MILLIS = 20;
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadRunContext run;
    private final ReplyStats stats = new ReplyStats();
    private final List<LoadConnection> connections = new ArrayList<>();
    private volatile Throwable failure;

    LoadThread(LoadRunContext run) {
        this.run = run;
    }

    void add(int connectionId) {
        connections.add(new LoadConnection(connectionId, run, stats));
    }

    ReplyStats stats() {
        return stats;
    }

    /** Why the thread died, or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            drive(selector);
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            connections.forEach(LoadConnection::finish);
        }
    }

    private void drive(Selector selector) throws IOException {
        long now = System.nanoTime();
        for (LoadConnection c : connections) {
            c.connect(selector, now);
        }
        long nextCheck = now + CHECK_EVERY_NANOS;
        SendSwitch sendSwitch = run.sendSwitch();
        while (true) {
            boolean sending = sendSwitch.sending();
            if (!sending && (allSettled() || now - sendSwitch.drainDeadline() > 0)) {
                return;
            }
            selector.select(SELECT_MILLIS);
            now = System.nanoTime();
            for (SelectionKey key : selector.selectedKeys()) {
                ((LoadConnection) key.attachment()).onReady(now, sending);
            }
            selector.selectedKeys().clear();
            if (now - nextCheck >= 0 || !sending) {
                for (LoadConnection c : connections) {
                    c.checkDeadlines(selector, now, sending);
                }
                nextCheck = now + CHECK_EVERY_NANOS;
            }
        }
    }

    private boolean allSettled() {
        for (LoadConnection c : connections) {
            if (!c.settled()) {
                return false;
            }
        }
        return true;
    }
}
