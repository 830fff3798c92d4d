package drover.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketsInFlightTest {
    @Test
    void httpCountsEveryRequestUntilItsResponseEndsInOrder() {
        PacketsInFlight http = new PacketsInFlight(true);
        for (int i = 0; i < 10; i++) { // past the first ring size
            http.dispatched(i % 2, 1 + i / 5);
        }
        assertEquals(10, http.size());
        assertTrue(http.heldBy(1, 2));
        assertFalse(http.heldBy(2, 1), "no packet went to slot 2");
        assertFalse(http.heldBy(0, 3), "nor to a later worker of slot 0");

        http.bytesSent();
        assertTrue(http.answerStarted());
        http.responseEnded();
        assertFalse(http.answerStarted(), "the next response has not begun");
        for (int i = 1; i < 10; i++) {
            http.responseEnded();
        }
        assertEquals(0, http.size());
        assertFalse(http.heldBy(1, 2));
        http.bytesSent();
        assertFalse(http.answerStarted(), "bytes with nothing in flight answer nothing");
    }

    @Test
    void otherProtocolsKeepTheLastPacketUntilAnySendAnswersIt() {
        PacketsInFlight raw = new PacketsInFlight(false);
        raw.dispatched(0, 1);
        raw.dispatched(1, 1);
        assertEquals(1, raw.size());
        assertFalse(raw.heldBy(0, 1), "only the last packet is tracked");
        assertTrue(raw.heldBy(1, 1));
        raw.bytesSent();
        assertFalse(raw.heldBy(1, 1));
    }

    @Test
    void anUpgradedConnectionKeepsOnlyItsLastMessageHoweverManyItSends() {
        PacketsInFlight upgraded = new PacketsInFlight(true);
        upgraded.dispatched(0, 1); // the upgrade request
        upgraded.responseEnded(); // accepted
        upgraded.stopCountingResponses();
        for (int i = 0; i < 1000; i++) {
            upgraded.dispatched(i % 2, 1);
        }
        assertEquals(1, upgraded.size(), "WebSocket messages are not requests: nothing answers each one");
        assertTrue(upgraded.heldBy(1, 1));
    }
}
