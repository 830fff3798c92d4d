package drover.reactor;

import drover.common.config.ListenerSpec;
import java.nio.channels.SocketChannel;

/**
 * Where an {@link Acceptor} hands the connections it accepts: a reactor thread, or in server_mode=base
 * the worker's own connections ({@link BaseConnections}); and the one it runs on (counters, back-off).
 */
interface ConnectionAdopter {
    /** Takes a just-accepted connection of that listener; called on the acceptor's thread. */
    void adopt(SocketChannel channel, ListenerSpec spec);

    ReactorCounters counters();

    void schedule(long delayNanos, Runnable task);
}
