package drover.worker;

import drover.worker.api.ClientInfo;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions this worker holds: filled from the reactor's CONNECT frames, touched by DATA, emptied
 * by CLOSE, all on the loop thread; read from any thread (Server.exists, clientInfo, connections).
 * It lives in the worker rather than being asked of the reactor so those calls answer at once,
 * without a round trip through another process.
 */
final class SessionTable {
    private static final class Entry {
        final String address;
        final int port;
        final Instant connected;
        volatile long lastReceiveMillis; // epoch millis: a packet costs no Instant

        Entry(String address, int port, Instant connected) {
            this.address = address;
            this.port = port;
            this.connected = connected;
            this.lastReceiveMillis = connected.toEpochMilli();
        }
    }

    private final Map<Long, Entry> sessions = new ConcurrentHashMap<>();

    /** remote is the CONNECT payload, "ip:port" (an IPv6 address has colons of its own, the port is after the last). */
    void connected(long sessionId, String remote, Instant now) {
        int colon = remote.lastIndexOf(':');
        String address = colon < 0 ? remote : remote.substring(0, colon);
        int port = -1;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(remote.substring(colon + 1));
            } catch (NumberFormatException e) {
                address = remote; // not ip:port: keep the reactor's text whole, with no port
            }
        }
        sessions.put(sessionId, new Entry(address, port, now));
    }

    /** @param nowMillis epoch millis, read once per loop turn rather than per packet */
    void received(long sessionId, long nowMillis) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.lastReceiveMillis = nowMillis;
        }
    }

    void closed(long sessionId) {
        sessions.remove(sessionId);
    }

    boolean holds(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    Optional<ClientInfo> info(long sessionId) {
        Entry e = sessions.get(sessionId);
        return e == null ? Optional.empty()
                : Optional.of(new ClientInfo(sessionId, e.address, e.port, e.connected,
                        Instant.ofEpochMilli(e.lastReceiveMillis)));
    }

    Set<Long> snapshot() {
        return Set.copyOf(sessions.keySet());
    }

    int size() {
        return sessions.size();
    }
}
