package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.http.HttpDate;
import drover.common.http.HttpPacket;
import drover.common.http.HttpPacketDecoder;
import drover.reactor.protocol.FakePort;
import drover.reactor.protocol.ProtocolStack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop's drain on an HTTP connection: idle ones close, busy ones end after their next response. */
class HttpLayerDrainTest {
    private static final HttpLimits LIMITS = new HttpLimits(8192, 1000, TimeUnit.SECONDS.toNanos(10));
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

    private final FramerDriver.FakeClock clock = new FramerDriver.FakeClock();
    private final FakePort port = new FakePort();
    private final ProtocolStack stack = new ProtocolStack(
            List.of(new HttpLayer(LIMITS, 5000, new HttpDate(), clock)), port);

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private boolean keepAlive(int index) throws Exception {
        HttpPacket packet = HttpPacketDecoder.decode(port.delivered.get(index));
        return assertInstanceOf(HttpPacket.Request.class, packet).message().keepAlive();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAtOnce() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(GET));
        port.messagesInFlight--;
        stack.responseEnded();
        assertFalse(port.closing);
        assertTrue(stack.drain(), "HTTP ends its connections itself");
        assertTrue(port.closing, "nothing under way: closed now");
    }

    @Test
    void inBaseModeAnIdleKeepAliveConnectionStaysOpenForItsLastRequest() throws Exception {
        ProtocolStack base = new ProtocolStack(
                List.of(new HttpLayer(LIMITS, 5000, new HttpDate(), clock, null, false)), port);
        port.countInFlight = true;
        base.input(ascii(GET));
        port.messagesInFlight--;
        base.responseEnded();
        assertTrue(base.drain());
        assertFalse(port.closing, "closing it now would race the client's next request on it");
        base.input(ascii(GET));
        assertFalse(keepAlive(1), "its next request is its last: answered with Connection: close");
        port.messagesInFlight--;
        base.responseEnded();
        assertFalse(port.closing, "nor closed after a response: the worker closes after the last one");
    }

    @Test
    void aConnectionWithARequestInFlightEndsAfterItsResponse() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(GET));
        stack.drain();
        assertFalse(port.closing, "its response is still owed");
        port.messagesInFlight--;
        stack.responseEnded();
        assertTrue(port.closing, "closed once answered");
    }

    @Test
    void theNextRequestAfterTheDrainIsTheConnectionsLast() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(GET));
        stack.drain();
        stack.input(ascii(GET));
        assertTrue(keepAlive(0), "taken before the drain: as the client asked");
        assertFalse(keepAlive(1), "taken after: answered with Connection: close");
    }

    @Test
    void aConnectionThatNeverSentARequestWaitsForItsFirst() throws Exception {
        stack.drain();
        assertFalse(port.closing, "taken from the backlog as the stop began: its request is coming");
        port.countInFlight = true;
        stack.input(ascii(GET));
        assertFalse(keepAlive(0));
    }

    @Test
    void aRequestHalfReadIsNotCutOff() throws Exception {
        port.countInFlight = true;
        stack.input(ascii(GET));
        port.messagesInFlight--;
        stack.input(ascii("GET /next HTTP/1.1\r\n"));
        stack.drain();
        assertFalse(port.closing, "a request is under way");
        stack.input(ascii("GET /next HTTP/1.1\r\nHost: h\r\n\r\n")); // the connection offers its unconsumed bytes again, with more
        assertEquals(2, port.delivered.size());
        assertFalse(keepAlive(1));
    }
}
