package drover.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RequestWriter's bytes, fed back as replies, pass ReplyChecker; any change to them does not. */
class RequestsAndRepliesTest {
    private final LoadErrors errors = new LoadErrors();
    private final ReplyStats stats = new ReplyStats();

    /** Writes {@code count} requests (pipeline = count) through a channel taking perWrite bytes a write. */
    private static byte[] requests(RequestTemplate template, InFlight inFlight, int count, int perWrite) throws IOException {
        RequestWriter writer = new RequestWriter(template);
        ByteChannels.Collecting channel = new ByteChannels.Collecting(perWrite);
        while (true) {
            writer.fill(inFlight, true, 0);
            if (!writer.hasOutput()) {
                break;
            }
            writer.flushTo(channel);
        }
        assertTrue(writer.idle());
        assertEquals(count, inFlight.count());
        return channel.written.toByteArray();
    }

    /** Feeds bytes perRead at a time; returns the first problem or null. */
    private String check(RequestTemplate template, InFlight inFlight, byte[] replies, int perRead) throws IOException {
        ReplyChecker checker = new ReplyChecker(template);
        ByteChannels.Feeding channel = new ByteChannels.Feeding(replies, perRead);
        while (!channel.exhausted()) {
            checker.readFrom(channel);
            String problem = checker.check(inFlight, stats, errors, 1_000);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    @Test
    void eachRequestIsLengthThenSequenceNumberThenThePattern() throws IOException {
        RequestTemplate template = new RequestTemplate(64);
        byte[] bytes = requests(template, new InFlight(3), 3, Integer.MAX_VALUE);
        assertEquals(3 * 68, bytes.length);
        ByteBuffer stream = ByteBuffer.wrap(bytes);
        byte[] firstBody = null;
        for (long seq = 0; seq < 3; seq++) {
            assertEquals(64, stream.getInt());
            assertEquals(seq, stream.getLong());
            byte[] rest = new byte[56];
            stream.get(rest);
            if (firstBody != null) {
                assertArrayEquals(firstBody, rest);
            }
            firstBody = rest;
        }
        assertFalse(allEqual(firstBody), "the pattern must not be one repeated byte, or a shifted reply would pass");
    }

    private static boolean allEqual(byte[] bytes) {
        for (byte b : bytes) {
            if (b != bytes[0]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theWriterStopsAtThePipelineDepth() throws IOException {
        RequestTemplate template = new RequestTemplate(8);
        InFlight inFlight = new InFlight(4);
        assertEquals(4 * 12, requests(template, inFlight, 4, Integer.MAX_VALUE).length);
        assertTrue(inFlight.full());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 12, 67, 4096, 100_000})
    void echoedRequestsPassHoweverTheBytesAreSplit(int chunk) throws IOException {
        RequestTemplate template = new RequestTemplate(200_000); // larger than both buffers: streamed
        InFlight inFlight = new InFlight(2);
        byte[] bytes = requests(template, inFlight, 2, chunk);
        assertNull(check(template, inFlight, bytes, chunk));
        assertTrue(inFlight.isEmpty());
        assertEquals(2, stats.replies());
        assertEquals(0, errors.outOfOrder.sum());
    }

    @Test
    void aChangedByteAnywhereInTheBodyIsABadReply() throws IOException {
        RequestTemplate template = new RequestTemplate(64);
        for (int at = 12; at < 68; at++) {
            InFlight inFlight = new InFlight(1);
            byte[] bytes = requests(template, inFlight, 1, Integer.MAX_VALUE);
            bytes[at] ^= 1;
            assertEquals("reply 0 differs from its request at body byte " + (at - 4), check(template, inFlight, bytes, 7));
        }
    }

    @Test
    void aWrongLengthIsABadReply() throws IOException {
        RequestTemplate template = new RequestTemplate(64);
        InFlight inFlight = new InFlight(1);
        byte[] bytes = requests(template, inFlight, 1, Integer.MAX_VALUE);
        bytes[3] = 63;
        assertEquals("reply declares 63 body bytes, the request had 64", check(template, inFlight, bytes, 100));
    }

    @Test
    void aReplyToARequestNeverSentIsABadReply() throws IOException {
        RequestTemplate template = new RequestTemplate(16);
        InFlight inFlight = new InFlight(1);
        byte[] bytes = requests(template, inFlight, 1, Integer.MAX_VALUE);
        bytes[11] = 9;
        assertEquals("reply carries sequence number 9, which is not owed (owed from 0)", check(template, inFlight, bytes, 100));
    }

    @Test
    void theSameReplyTwiceIsABadReply() throws IOException {
        RequestTemplate template = new RequestTemplate(16);
        InFlight inFlight = new InFlight(2);
        byte[] bytes = requests(template, inFlight, 2, Integer.MAX_VALUE);
        byte[] twice = Arrays.copyOf(bytes, 40);
        System.arraycopy(bytes, 20, twice, 0, 20); // reply 1, then reply 1 again
        System.arraycopy(bytes, 20, twice, 20, 20);
        assertEquals("reply carries sequence number 1, which is not owed (owed from 0)", check(template, inFlight, twice, 100));
    }

    @Test
    void repliesInAnotherOrderPassButAreCounted() throws IOException {
        RequestTemplate template = new RequestTemplate(16);
        InFlight inFlight = new InFlight(2);
        byte[] bytes = requests(template, inFlight, 2, Integer.MAX_VALUE);
        byte[] swapped = new byte[40];
        System.arraycopy(bytes, 20, swapped, 0, 20);
        System.arraycopy(bytes, 0, swapped, 20, 20);
        assertNull(check(template, inFlight, swapped, 100));
        assertEquals(1, errors.outOfOrder.sum());
        assertTrue(inFlight.isEmpty());
    }

    @Test
    void latencyIsTheTimeFromSendToReply() {
        InFlight inFlight = new InFlight(2);
        long first = inFlight.start(100);
        long second = inFlight.start(250);
        assertEquals(900, inFlight.answer(second, 1_150));
        assertEquals(2, inFlight.count(), "the older request is still owed");
        assertEquals(1_100, inFlight.answer(first, 1_200));
        assertTrue(inFlight.isEmpty());
    }
}
