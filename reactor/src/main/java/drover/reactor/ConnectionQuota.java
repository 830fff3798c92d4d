package drover.reactor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * max_conn for the whole reactor process. The acceptor takes a place before handing a connection to
 * its thread, and the owning thread gives it back when the connection ends: the only shared state a
 * connection touches, and only at accept and close.
 */
final class ConnectionQuota {
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    ConnectionQuota(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int now = active.get();
            if (now >= max) {
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        active.decrementAndGet();
    }

    int max() {
        return max;
    }
}
