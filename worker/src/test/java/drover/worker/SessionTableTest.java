package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.ClientInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTableTest {
    final SessionTable table = new SessionTable();
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSessionIsHeldFromConnectToClose() {
        table.connected(5, "127.0.0.1:40000", t0);
        table.received(5, t0.plusSeconds(3).toEpochMilli());
        table.received(6, t0.plusSeconds(4).toEpochMilli()); // packets of a session held elsewhere change nothing
        assertEquals(Optional.of(new ClientInfo(5, "127.0.0.1", 40000, t0, t0.plusSeconds(3))), table.info(5));
        assertEquals(Set.of(5L), table.snapshot());
        table.closed(5);
        assertFalse(table.holds(5));
        assertEquals(Optional.empty(), table.info(5));
        assertEquals(0, table.size());
    }

    @Test
    void aTlsSessionTellsTheAppItsProtocolSuiteAndClientSubject() {
        byte[] payload = drover.common.frame.TlsConnectPayload.encode("127.0.0.1:40001",
                new drover.common.tls.TlsConnectionInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.of("http/1.1"),
                        Optional.of("CN=client-1")));
        table.connectedTls(7, java.nio.ByteBuffer.wrap(payload), t0);
        ClientInfo info = table.info(7).orElseThrow();
        assertEquals("127.0.0.1", info.remoteAddress());
        assertEquals(40001, info.remotePort());
        assertTrue(info.isTls());
        assertEquals(new ClientInfo.Tls("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.of("http/1.1"),
                Optional.of("CN=client-1")), info.tls().orElseThrow());
        table.connected(8, "127.0.0.1:40002", t0);
        assertFalse(table.info(8).orElseThrow().isTls());
    }

    @Test
    void aProxiedSessionTellsTheAppWhatTheHeaderSaidOverTlsOrNot() {
        drover.common.frame.ProxyConnectInfo proxy = new drover.common.frame.ProxyConnectInfo(2, Optional.of("h2"),
                Optional.of("example.com"), Optional.of("id-1"), Optional.of(new drover.common.frame.ProxyConnectInfo.Ssl(
                        true, false, false, Optional.of("TLSv1.3"), Optional.empty(), Optional.of("TLS_AES_128_GCM_SHA256"))));
        int flags = drover.common.frame.FrameType.PROXY_SESSION_FLAG;
        table.connected(9, flags, java.nio.ByteBuffer.wrap(proxy.appendTo("192.0.2.1:56324".getBytes())), t0);
        ClientInfo info = table.info(9).orElseThrow();
        assertEquals("192.0.2.1", info.remoteAddress());
        assertEquals(56324, info.remotePort());
        assertFalse(info.isTls());
        assertEquals(new ClientInfo.Proxy(2, Optional.of("h2"), Optional.of("example.com"), Optional.of("id-1"),
                Optional.of(new ClientInfo.ProxySsl(true, false, false, Optional.of("TLSv1.3"), Optional.empty(),
                        Optional.of("TLS_AES_128_GCM_SHA256")))), info.proxy().orElseThrow());

        byte[] tls = drover.common.frame.TlsConnectPayload.encode("192.0.2.2:40003",
                new drover.common.tls.TlsConnectionInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.empty(),
                        Optional.empty()));
        drover.common.frame.ProxyConnectInfo v1 = new drover.common.frame.ProxyConnectInfo(1, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        table.connected(10, flags | drover.common.frame.FrameType.TLS_SESSION_FLAG,
                java.nio.ByteBuffer.wrap(v1.appendTo(tls)), t0);
        ClientInfo both = table.info(10).orElseThrow();
        assertEquals("192.0.2.2", both.remoteAddress());
        assertEquals("TLSv1.3", both.tls().orElseThrow().protocol());
        assertEquals(1, both.proxy().orElseThrow().version());
        assertTrue(both.isProxied());

        table.connected(11, 0, java.nio.ByteBuffer.wrap("127.0.0.1:40004".getBytes()), t0);
        assertFalse(table.info(11).orElseThrow().isProxied());
    }

    @Test
    void ipv6AddressesKeepTheirColons() {
        table.connected(1, "0:0:0:0:0:0:0:1:9501", t0);
        ClientInfo info = table.info(1).orElseThrow();
        assertEquals("0:0:0:0:0:0:0:1", info.remoteAddress());
        assertEquals(9501, info.remotePort());
        assertEquals(t0, info.lastReceiveTime(), "before any packet, the connect time");
    }

    @Test
    void anAddressWithoutAPortIsKeptWhole() {
        table.connected(2, "some-socket", t0);
        table.connected(3, "host:notaport", t0);
        assertEquals(-1, table.info(2).orElseThrow().remotePort());
        assertEquals("host:notaport", table.info(3).orElseThrow().remoteAddress());
        assertTrue(table.holds(3));
    }

    @Test
    void aSessionAwaitsAReplyFromItsPacketUntilTheAppSendsItSomething() {
        table.connected(5, "127.0.0.1:40000", t0);
        assertFalse(table.awaitsReply(5), "nothing received yet");
        table.received(5, t0.plusSeconds(1).toEpochMilli());
        assertTrue(table.awaitsReply(5), "a packet the app has not answered");
        table.replied(5);
        assertFalse(table.awaitsReply(5));
        table.received(5, t0.plusSeconds(2).toEpochMilli());
        assertTrue(table.awaitsReply(5));
        table.closed(5);
        assertFalse(table.awaitsReply(5), "a closed session awaits nothing");
    }
}
