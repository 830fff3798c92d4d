package drover.reactor;

import drover.common.config.ListenerSpec;
import drover.common.log.Log;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Accepts on every listener from one reactor thread and hands each connection to the threads in
 * turn (Swoole's main reactor). It drains the backlog on every wake-up. When accept fails (EMFILE,
 * ENFILE: out of descriptors) the client stays in the kernel's backlog; the acceptor stops watching
 * the listeners for a back-off time instead of spinning on a listener that stays readable, as nginx
 * does. Beyond max_conn a connection is closed at once, before any worker hears of it.
 */
final class Acceptor implements IoHandler {
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionAdopter home;
    private final List<? extends ConnectionAdopter> threads;
    private final ConnectionQuota quota;
    private final List<SelectionKey> keys = new ArrayList<>();
    private final Map<SelectionKey, ListenerSpec> specs = new HashMap<>();
    private int next;
    private long backoffNanos;
    private boolean stopped;

    Acceptor(ConnectionAdopter home, List<? extends ConnectionAdopter> threads, ConnectionQuota quota) {
        this.home = home;
        this.threads = threads;
        this.quota = quota;
    }

    /** @param specs each listener's entry of listen (its protocol, /proxy, /ssl), in the listeners' order */
    void register(EventLoop loop, List<ServerSocketChannel> listeners, List<ListenerSpec> specs)
            throws IOException {
        for (int i = 0; i < listeners.size(); i++) {
            SelectionKey key = loop.register(listeners.get(i), SelectionKey.OP_ACCEPT, this);
            keys.add(key);
            this.specs.put(key, specs.get(i));
        }
    }

    /**
     * Server stop: takes the connections already in the listen backlog (they are served), then closes
     * the listeners, so a new connect is refused at once and a balancer retries it elsewhere.
     */
    void stopAfterBacklog() {
        for (SelectionKey key : keys) {
            if (key.isValid()) {
                onReady(key);
            }
        }
        stopped = true;
        for (SelectionKey key : keys) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException e) {
                Log.warn("listener close failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void onReady(SelectionKey key) {
        ServerSocketChannel listener = (ServerSocketChannel) key.channel();
        ListenerSpec spec = specs.get(key);
        while (!stopped) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (channel == null) {
                return;
            }
            backoffNanos = 0;
            if (!quota.tryAcquire()) {
                refuse(channel);
                continue;
            }
            ConnectionAdopter owner = threads.get(next);
            next = (next + 1) % threads.size();
            owner.adopt(channel, spec);
        }
    }

    @Override
    public void onFailure(IOException error) {
        backOff(error);
    }

    private void refuse(SocketChannel channel) {
        home.counters().refused++;
        if (Long.bitCount(home.counters().refused) == 1) { // the 1st, 2nd, 4th, 8th...: visible, never a flood
            Log.warn("max_conn " + quota.max() + " reached: refusing connections (" + home.counters().refused + " so far)");
        }
        try {
            // A reset tells the client at once, and leaves no TIME_WAIT behind on our side.
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException e) {
            Log.debug("closing a refused connection failed: " + e.getMessage());
        }
    }

    private void backOff(IOException error) {
        backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        home.counters().acceptBackoffs++;
        Log.warn("accept failed (" + error.getMessage() + "); pausing accept for "
                + TimeUnit.NANOSECONDS.toMillis(backoffNanos) + " ms");
        for (SelectionKey key : keys) {
            if (key.isValid()) {
                key.interestOps(0);
            }
        }
        home.schedule(backoffNanos, this::resume);
    }

    private void resume() {
        for (SelectionKey key : keys) {
            if (key.isValid() && !stopped) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }
    }

    /** A client's address as sessions carry it ("ip:port"), whichever loop adopts the connection. */
    static String describe(java.net.SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
