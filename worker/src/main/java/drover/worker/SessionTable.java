package drover.worker;

import drover.common.frame.FrameType;
import drover.common.frame.ProxyConnectInfo;
import drover.common.frame.TlsConnectPayload;
import drover.common.session.SessionMap;
import drover.common.tls.TlsConnectionInfo;
import drover.worker.api.ClientInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The sessions this worker holds: filled from the reactor's CONNECT frames, touched by DATA, emptied
 * by CLOSE, all on the loop thread; read from any thread (Server.exists, clientInfo, connections).
 * It lives in the worker rather than being asked of the reactor so those calls answer at once,
 * without a round trip through another process.
 *
 * <p>A primitive-keyed map under this object's lock rather than a {@code ConcurrentHashMap<Long, ...>}:
 * every DATA frame looks its session up, and a boxed id per packet was one of the worker's per-packet
 * allocations. The lock is uncontended but for the rare call from another thread.
 */
final class SessionTable {
    private static final class Entry {
        final String address;
        final int port;
        final Instant connected;
        final Optional<ClientInfo.Tls> tls;
        Optional<ClientInfo.Proxy> proxy = Optional.empty();
        long lastReceiveMillis; // epoch millis (a packet costs no Instant), under the table's lock
        /** A packet came and the app has sent the session nothing since: a reply may be on its way (a task's). */
        boolean awaitsReply;

        Entry(String address, int port, Instant connected, Optional<ClientInfo.Tls> tls) {
            this.address = address;
            this.port = port;
            this.connected = connected;
            this.tls = tls;
            this.lastReceiveMillis = connected.toEpochMilli();
        }
    }

    private final SessionMap<Entry> sessions = new SessionMap<>();

    /**
     * A session's CONNECT: its flags say whether the payload ends with what a PROXY header said
     * (ProxyConnectInfo) and whether the rest is a TLS session's (TlsConnectPayload) or the address.
     */
    void connected(long sessionId, int flags, ByteBuffer payload, Instant now) {
        ProxyConnectInfo proxy = null;
        if ((flags & FrameType.PROXY_SESSION_FLAG) != 0) {
            ProxyConnectInfo.Split split = ProxyConnectInfo.split(payload);
            payload = split.rest();
            proxy = split.info();
        }
        if ((flags & FrameType.TLS_SESSION_FLAG) != 0) {
            connectedTls(sessionId, payload, now);
        } else {
            connected(sessionId, StandardCharsets.UTF_8.decode(payload).toString(), now);
        }
        if (proxy != null) {
            proxied(sessionId, proxy);
        }
    }

    private synchronized void proxied(long sessionId, ProxyConnectInfo info) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.proxy = Optional.of(new ClientInfo.Proxy(info.version(), info.alpn(), info.authority(), info.uniqueId(),
                    info.ssl().map(s -> new ClientInfo.ProxySsl(s.clientTls(), s.clientCertificate(),
                            s.certificateVerified(), s.version(), s.commonName(), s.cipher()))));
        }
    }

    /** remote is the CONNECT payload, "ip:port" (an IPv6 address has colons of its own, the port is after the last). */
    synchronized void connected(long sessionId, String remote, Instant now) {
        connected(sessionId, remote, now, Optional.empty());
    }

    /** A session of a TLS listener: its CONNECT came after the handshake, with what it agreed (TlsConnectPayload). */
    void connectedTls(long sessionId, ByteBuffer payload, Instant now) {
        TlsConnectPayload connect = TlsConnectPayload.decode(payload);
        TlsConnectionInfo tls = connect.info();
        connected(sessionId, connect.remote(), now, Optional.of(new ClientInfo.Tls(tls.protocol(), tls.cipherSuite(),
                tls.applicationProtocol(), tls.peerSubject())));
    }

    private synchronized void connected(long sessionId, String remote, Instant now, Optional<ClientInfo.Tls> tls) {
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
        sessions.put(sessionId, new Entry(address, port, now, tls));
    }

    /** @param nowMillis epoch millis, read once per loop turn rather than per packet */
    synchronized void received(long sessionId, long nowMillis) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.lastReceiveMillis = nowMillis;
            entry.awaitsReply = true;
        }
    }

    /** The app sent the session something: what it received has had an answer. */
    synchronized void replied(long sessionId) {
        Entry entry = sessions.get(sessionId);
        if (entry != null) {
            entry.awaitsReply = false;
        }
    }

    /** Whether the session sent a packet the app has not answered yet (nothing sent since). */
    synchronized boolean awaitsReply(long sessionId) {
        Entry entry = sessions.get(sessionId);
        return entry != null && entry.awaitsReply;
    }

    synchronized void closed(long sessionId) {
        sessions.remove(sessionId);
    }

    synchronized boolean holds(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    synchronized Optional<ClientInfo> info(long sessionId) {
        Entry e = sessions.get(sessionId);
        return e == null ? Optional.empty()
                : Optional.of(new ClientInfo(sessionId, e.address, e.port, e.connected,
                        Instant.ofEpochMilli(e.lastReceiveMillis), e.tls, e.proxy));
    }

    synchronized Set<Long> snapshot() {
        return LongStream.of(sessions.keys()).boxed().collect(Collectors.toUnmodifiableSet());
    }

    synchronized int size() {
        return sessions.size();
    }
}
