package drover.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The small pieces a reactor thread is built from: the max_conn quota, the counters (its timers: TimerQueueTest). */
class ReactorPartsTest {
    @Test
    void quotaRefusesBeyondItsMaximumUntilAPlaceIsReleased() {
        ConnectionQuota quota = new ConnectionQuota(2);
        assertTrue(quota.tryAcquire());
        assertTrue(quota.tryAcquire());
        assertFalse(quota.tryAcquire());
        quota.release();
        assertTrue(quota.tryAcquire());
    }

    @Test
    void countersSumAndKeepTheLargerPeaks() {
        ReactorCounters a = new ReactorCounters();
        a.accepted = 3;
        a.outputPeak = 100;
        ReactorCounters b = new ReactorCounters();
        b.accepted = 4;
        b.outputPeak = 50;
        b.overflows = 2;
        ReactorCounters total = new ReactorCounters();
        total.add(a);
        total.add(b);
        assertEquals(7, total.accepted);
        assertEquals(100, total.outputPeak);
        assertTrue(total.toJson().startsWith("{\"accepted\":7,\"closed\":0,"), total.toJson());
        assertTrue(total.toJson().contains("\"overflows\":2,"), total.toJson());
        assertTrue(total.toJson().endsWith("\"link_peak\":0,\"pool_direct_bytes\":0,\"pool_heap_buffers\":0,\"large_stored\":0,"
                + "\"large_read_in_place\":0,\"large_store_busy\":0,\"large_store_failed\":0,\"large_replies_stored\":0,"
                + "\"large_replies_streamed\":0,\"large_returned\":0,\"tls_handshakes\":0,\"tls_handshake_failed\":0,"
                + "\"tls_handshake_timeouts\":0,\"tls_handshake_aborted\":0,\"tls_plaintext\":0,\"tls_renegotiations\":0,"
                + "\"tls_bad_records\":0,\"tls_truncated\":0}"), total.toJson());
    }

    @Test
    void tlsCountersSumToo() {
        ReactorCounters a = new ReactorCounters();
        a.tls.count(drover.reactor.protocol.LayerEvent.TLS_PLAINTEXT);
        ReactorCounters b = new ReactorCounters();
        b.tls.count(drover.reactor.protocol.LayerEvent.TLS_PLAINTEXT);
        b.tls.count(drover.reactor.protocol.LayerEvent.TLS_HANDSHAKE);
        ReactorCounters total = new ReactorCounters();
        total.add(a);
        total.add(b);
        assertTrue(total.toJson().contains("\"tls_handshakes\":1,"), total.toJson());
        assertTrue(total.toJson().contains("\"tls_plaintext\":2,"), total.toJson());
    }
}
