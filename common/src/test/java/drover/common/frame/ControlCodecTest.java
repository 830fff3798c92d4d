package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.ControlMessage.BootError;
import drover.common.frame.ControlMessage.Command;
import drover.common.frame.ControlMessage.Counters;
import drover.common.frame.ControlMessage.CountersRequest;
import drover.common.frame.ControlMessage.Drain;
import drover.common.frame.ControlMessage.Heartbeat;
import drover.common.frame.ControlMessage.Ready;
import drover.common.frame.ControlMessage.Recycle;
import drover.common.frame.ControlMessage.Reply;
import drover.common.frame.ControlMessage.Stop;
import drover.common.frame.ControlMessage.TaskWorkers;
import drover.common.frame.ControlMessage.WorkerCount;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlCodecTest {
    private static ControlMessage roundTrip(ControlMessage message) throws FrameFormatException {
        return ControlCodec.decode(message.type(), ByteBuffer.wrap(ControlCodec.encode(message)));
    }

    private static ControlMessage decode(FrameType type, String payload) throws FrameFormatException {
        return ControlCodec.decode(type, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyMessageComesBackAsItWent() throws Exception {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("accepted", 12L);
        counters.put("bytes_in", 4_000_000_000L);
        counters.put("threads_missing", 1L);
        for (ControlMessage message : List.of(new Ready("127.0.0.1:9501"), new Ready(""), new BootError("no app class: ü"),
                new Heartbeat(0), new Heartbeat(Long.MAX_VALUE), new Recycle("max_request 1000 reached"),
                new Counters(counters), new Counters(Map.of()), new Command("reload"), new Drain(), new Stop(),
                new CountersRequest(), new WorkerCount(3), new TaskWorkers("0:1,1:4"), new TaskWorkers(""),
                Reply.ok("127.0.0.1:9501"), Reply.error("the server is stopping"), new Reply("{\"manager\":{}}"))) {
            assertEquals(message, roundTrip(message));
        }
    }

    @Test
    void theWireFormIsTheDocumentedText() {
        assertEquals("requests=42", new String(ControlCodec.encode(new Heartbeat(42)), StandardCharsets.UTF_8));
        assertEquals("{\"accepted\":1,\"active\":0}", new String(ControlCodec.encode(
                new Counters(new LinkedHashMap<>(Map.of("accepted", 1L)) {{ put("active", 0L); }})), StandardCharsets.UTF_8));
        assertEquals("error: no", new String(ControlCodec.encode(Reply.error("no")), StandardCharsets.UTF_8));
    }

    @Test
    void countersKeepTheReactorsOrder() throws Exception {
        Counters decoded = (Counters) decode(FrameType.STATS, "{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(decoded.values().keySet()));
    }

    @Test
    void statsIsARequestWhenEmptyAndCountersOtherwise() throws Exception {
        assertInstanceOf(CountersRequest.class, decode(FrameType.STATS, ""));
        assertInstanceOf(Counters.class, decode(FrameType.STATS, "{\"accepted\":1}"));
    }

    @Test
    void repliesTellOkFromError() {
        assertFalse(Reply.ok("stopping").isError());
        assertEquals("stopping", Reply.ok("stopping").detail());
        assertTrue(Reply.error("bad").isError());
        assertEquals("bad", Reply.error("bad").detail());
        assertEquals("ok", Reply.ok("").text());
    }

    @Test
    void aMalformedMessageIsRefusedWithItsFrameAndReason() {
        assertMalformed(FrameType.HEARTBEAT, "beats=4", "malformed HEARTBEAT control message 'beats=4': want requests=N");
        assertMalformed(FrameType.HEARTBEAT, "requests=many", "malformed HEARTBEAT control message 'requests=many'");
        assertMalformed(FrameType.HEARTBEAT, "requests=-1", "request count is >= 0");
        assertMalformed(FrameType.STATS, "[1,2]", "not a JSON object");
        assertMalformed(FrameType.STATS, "{\"accepted\":\"x\"}", "its value is not an integer");
        assertMalformed(FrameType.WORKER_COUNT, "0", "at least one worker");
        assertMalformed(FrameType.WORKER_COUNT, "two", "malformed WORKER_COUNT control message 'two'");
        assertMalformed(FrameType.TASK_WORKERS, "0:1;1:2", "slot:generation");
        assertMalformed(FrameType.COMMAND, " ", "a command has a name");
        assertMalformed(FrameType.DATA, "x", "not a control frame");
    }

    @Test
    void aPayloadThatIsNotUtf8IsRefused() {
        FrameFormatException e = assertThrows(FrameFormatException.class,
                () -> ControlCodec.decode(FrameType.READY, ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0x28})));
        assertEquals("malformed READY control message: its payload is not UTF-8", e.getMessage());
    }

    private static void assertMalformed(FrameType type, String payload, String expected) {
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> decode(type, payload), payload);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
