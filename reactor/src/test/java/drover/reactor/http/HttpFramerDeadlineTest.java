package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpPacket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The 408 clock, driven by a fake nanoTime: it runs from a request's first byte to its last. */
class HttpFramerDeadlineTest {
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    static final HttpLimits LIMITS = new HttpLimits(8192, 1000, TIMEOUT);

    private final FramerDriver driver = new FramerDriver(LIMITS);

    @Test
    void anIdleConnectionHasNoDeadline() {
        assertFalse(driver.framer.hasDeadline());
        driver.clock.now += 10 * TIMEOUT;
        assertFalse(driver.framer.expire(driver.clock.now, driver::collect));
        assertTrue(driver.packets.isEmpty());
    }

    @Test
    void aRequestThatIsNotCompleteInTimeGets408() {
        long start = driver.clock.now;
        driver.read("GET / HT");
        assertTrue(driver.framer.hasDeadline());
        assertEquals(start + TIMEOUT, driver.framer.deadlineNanos());

        driver.clock.now += TIMEOUT / 2;
        driver.read("TP/1.1\r\n"); // more bytes do not move the deadline: a trickle is still too slow
        assertEquals(start + TIMEOUT, driver.framer.deadlineNanos());
        assertFalse(driver.framer.expire(start + TIMEOUT - 1, driver::collect));

        assertTrue(driver.framer.expire(start + TIMEOUT, driver::collect));
        assertEquals(408, driver.rejection().status().code());
        assertFalse(driver.framer.wantsInput());
        assertFalse(driver.framer.hasDeadline());
        assertFalse(driver.framer.expire(start + 2 * TIMEOUT, driver::collect), "a 408 is sent once");
        assertEquals(1, driver.packets.size());
    }

    @Test
    void aMissingBodyKeepsTheClockRunning() {
        long start = driver.clock.now;
        driver.read("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab");
        driver.clock.now += TIMEOUT;
        assertTrue(driver.framer.expire(driver.clock.now, driver::collect));
        assertEquals(start + TIMEOUT, driver.clock.now);
        assertEquals(408, driver.rejection().status().code());
    }

    @Test
    void aCompleteRequestStopsTheClockAndTheNextOneStartsItsOwn() {
        driver.read("GET /1 HTTP/1.1\r\nHost: h\r\n");
        driver.clock.now += TIMEOUT - 1;
        driver.read("\r\n");
        assertFalse(driver.framer.hasDeadline());
        assertEquals(1, driver.packets.size());

        driver.clock.now += 5 * TIMEOUT; // idle keep-alive time is not the 408's business
        long second = driver.clock.now;
        driver.read("GET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3");
        assertEquals(second + TIMEOUT, driver.framer.deadlineNanos(), "the pipelined third request's clock");
        assertFalse(driver.framer.expire(second + TIMEOUT - 1, driver::collect));
        assertEquals(2, driver.packets.size());
    }

    @Test
    void zeroTimeoutMeansNoDeadline() {
        FramerDriver unlimited = new FramerDriver(new HttpLimits(8192, 1000, 0));
        unlimited.read("GET / HTTP/1.1\r\n");
        assertFalse(unlimited.framer.hasDeadline());
        assertFalse(unlimited.framer.expire(Long.MAX_VALUE, unlimited::collect));
    }

    @Test
    void deadlineSurvivesNanoTimeWrapping() {
        driver.clock.now = Long.MAX_VALUE - TIMEOUT / 2;
        driver.read("GET / HTTP/1.1\r\n");
        assertFalse(driver.framer.expire(Long.MAX_VALUE, driver::collect));
        assertTrue(driver.framer.expire(Long.MAX_VALUE + TIMEOUT / 2 + 1, driver::collect));
        assertEquals(HttpPacket.Rejected.class, driver.packets.getFirst().getClass());
    }

    @Test
    void limitsRefuseNonsense() {
        assertEquals("http_header_max 63 is below 64 bytes",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> new HttpLimits(63, 1, 0)).getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new HttpLimits(64, -1, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new HttpLimits(64, 1, -1));
    }

    @Test
    void theClientsEndOfInputDropsAPartialRequestAndTellsTheWorkerToCloseAfterItsResponses() {
        driver.read("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHo");
        driver.framer.endOfInput(driver::collect);
        assertEquals(2, driver.packets.size());
        assertTrue(driver.packets.get(0) instanceof HttpPacket.Request);
        assertEquals(new HttpPacket.InputEnded(), driver.packets.get(1));
        assertFalse(driver.framer.wantsInput());
        assertFalse(driver.framer.hasDeadline(), "no 408 for a request the client gave up on");
        driver.framer.endOfInput(driver::collect);
        assertEquals(2, driver.packets.size(), "told once");
    }

    @Test
    void endOfInputAfterTheLastRequestOrARefusalAddsNothing() {
        driver.read("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        driver.framer.endOfInput(driver::collect);
        assertEquals(1, driver.packets.size());
    }
}
