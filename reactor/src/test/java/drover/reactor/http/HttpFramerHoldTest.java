package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HTTP back-pressure in the framer: a hold set while a request is handed on (as the reactor does
 * when the connection's output or in-flight requests reach their limit) stops before the next
 * request, leaves its bytes unread and its 408 clock stopped, and a release takes them.
 */
class HttpFramerHoldTest {
    static final HttpLimits LIMITS = new HttpLimits(8192, 1000, TimeUnit.SECONDS.toNanos(10));
    static final String FIRST = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n";
    static final String SECOND = "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok";
    static final String THIRD = "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n";

    private final FramerDriver.FakeClock clock = new FramerDriver.FakeClock();
    private final HttpFramer framer = new HttpFramer(LIMITS, clock);
    private final List<Integer> packetSizes = new ArrayList<>();
    /** Hold after each packet, as a connection whose limit is reached. */
    private boolean holdAfterEach = true;

    private void frame(ByteBuffer in) {
        framer.frame(in, packet -> {
            packetSizes.add(packet.remaining());
            if (holdAfterEach) {
                framer.holdBetweenRequests(true);
            }
        });
    }

    @Test
    void aHoldStopsBeforeTheNextRequestAndKeepsItsBytesWithoutAClock() {
        ByteBuffer in = ByteBuffer.wrap((FIRST + SECOND + THIRD).getBytes(StandardCharsets.US_ASCII));
        frame(in);
        assertEquals(1, packetSizes.size(), "only the first request is taken");
        assertEquals(FIRST.length(), in.position(), "the others stay in the input");
        assertFalse(framer.hasDeadline(), "a request waiting behind a hold is not late");

        framer.holdBetweenRequests(false);
        frame(in);
        assertEquals(2, packetSizes.size(), "released: one more, then held again");
        assertEquals(FIRST.length() + SECOND.length(), in.position());

        holdAfterEach = false;
        framer.holdBetweenRequests(false);
        frame(in);
        assertEquals(3, packetSizes.size());
        assertFalse(in.hasRemaining());
    }

    @Test
    void aRequestUnderWayIsTakenWholeBeforeTheHoldApplies() {
        framer.holdBetweenRequests(false);
        String head = "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
        ByteBuffer in = ByteBuffer.allocate(256);
        in.put(head.getBytes(StandardCharsets.US_ASCII)).flip();
        frame(in); // the owed 100 Continue is handed on, and the hold set then waits for the body
        assertEquals(1, packetSizes.size());
        assertTrue(framer.hasDeadline(), "the body is under way: its clock runs");
        in.compact().put(("body" + THIRD).getBytes(StandardCharsets.US_ASCII)).flip();
        frame(in);
        assertEquals(2, packetSizes.size(), "the request itself, whole");
        assertEquals(THIRD.length(), in.remaining(), "the next one waits");
        assertFalse(framer.hasDeadline());
    }
}
