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
}
