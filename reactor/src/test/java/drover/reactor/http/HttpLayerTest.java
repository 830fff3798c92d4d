package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpDate;
import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.common.http.HttpStatus;
import drover.reactor.protocol.CloseReason;
import drover.reactor.protocol.FakePort;
import drover.reactor.protocol.LayerEvent;
import drover.reactor.protocol.ProtocolStack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer asks of its connection, through a fake one: back-pressure by in-flight
 * requests and unsent output, the 408 timer, the end of input, and what a lost worker or a refused
 * response does. The connection itself knows none of it.
 */
class HttpLayerTest {
    private static final HttpLimits LIMITS = new HttpLimits(8192, 1000, TimeUnit.SECONDS.toNanos(10));
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

    private final FramerDriver.FakeClock clock = new FramerDriver.FakeClock();
    private final FakePort port = new FakePort();
    private final ProtocolStack stack = new ProtocolStack(
            List.of(new HttpLayer(LIMITS, 5000, new HttpDate(), clock)), port);

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private HttpPacket packet(int index) throws Exception {
        return HttpPacketDecoder.decode(port.delivered.get(index));
    }

    @Test
    void atTheInFlightLimitItHoldsTheInputAndAResponseEndReleasesIt() throws Exception {
        port.countInFlight = true;
        port.messagesInFlight = HttpLayer.MAX_REQUESTS_IN_FLIGHT - 1;
        ByteBuffer in = ascii(GET + GET);
        stack.input(in);
        assertEquals(1, port.delivered.size(), "the 16th request is taken, the next waits");
        assertTrue(port.held);
        assertEquals(GET.length(), in.position(), "its bytes stay in the input");

        port.messagesInFlight--; // the connection counts the answered one off, then tells the stack
        stack.responseEnded();
        assertEquals(List.of(true, false), port.holds, "released: the connection offers the input again");
    }

    @Test
    void unsentOutputHoldsTheInputUntilTheSocketTakesIt() throws Exception {
        port.pendingOutput = port.bufferOutputSize;
        stack.input(ascii(GET));
        assertTrue(port.held, "held after the request that found the output full");
        stack.outputWritten();
        assertTrue(port.held, "still full");
        port.pendingOutput = 0;
        stack.outputWritten();
        assertFalse(port.held);
    }

    @Test
    void aRequestNotWholeInTimeIsRefusedWith408ByItsTimer() throws Exception {
        stack.input(ascii("GET / HTTP/1.1\r\nHo"));
        assertEquals(1, port.timers.size(), "one timer for the request under way");
        assertEquals(TimeUnit.SECONDS.toNanos(10), port.timers.getFirst().delayNanos());
        clock.now += TimeUnit.SECONDS.toNanos(10);
        port.timers.getFirst().task().run();
        HttpPacket.Rejected rejected = assertInstanceOf(HttpPacket.Rejected.class, packet(0));
        assertSame(HttpStatus.REQUEST_TIMEOUT, rejected.status());
        assertEquals(List.of(LayerEvent.REQUEST_TIMEOUT), port.events);
        assertTrue(port.inputFinished, "nothing more is read; the worker answers 408 and closes");
    }

    @Test
    void theLastRequestFinishesTheInput() throws Exception {
        stack.input(ascii("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"));
        assertInstanceOf(HttpPacket.Request.class, packet(0));
        assertTrue(port.inputFinished);
    }

    @Test
    void aHalfCloseIsPassedToTheWorkerRatherThanClosingTheConnection() throws Exception {
        stack.inputEnded();
        assertInstanceOf(HttpPacket.InputEnded.class, packet(0));
        assertTrue(port.inputFinished);
        assertFalse(port.inputEnded, "the worker closes after the responses owed");
    }

    @Test
    void aLostWorkerGetsTheClientA502OrAResetMidResponse() throws Exception {
        assertTrue(stack.workerLost(false, true), "expected or not, the request needs an answer");
        assertTrue(port.closing, "closing before the 502 is written: no request behind it is taken");
        assertTrue(port.written.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 502 "));

        FakePort second = new FakePort();
        ProtocolStack other = new ProtocolStack(List.of(new HttpLayer(LIMITS, 5000, new HttpDate(), clock)), second);
        assertTrue(other.workerLost(true, false));
        assertSame(CloseReason.WORKER_EXITED, second.aborted, "a response cut short must not look whole");
    }

    @Test
    void aResponseOverTheCeilingResetsTheConnection() {
        assertTrue(stack.answersEachMessage());
        assertEquals(5000, stack.outputLimit(), "buffer_output_size plus the largest message");
        stack.outputRefused("too much");
        assertSame(CloseReason.OUTPUT_OVERFLOW, port.aborted);
    }
}
