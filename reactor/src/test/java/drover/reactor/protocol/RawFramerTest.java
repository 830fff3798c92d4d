package drover.reactor.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawFramerTest {

    @Test
    void allAvailableBytesAreOnePacket() {
        ByteBuffer in = ByteBuffer.wrap("hello world".getBytes(StandardCharsets.US_ASCII));
        List<String> delivered = new ArrayList<>();

        int next = new RawFramer().frame(in, packet -> delivered.add(StandardCharsets.US_ASCII.decode(packet).toString()));

        assertEquals(0, next);
        assertEquals(List.of("hello world"), delivered);
        assertEquals(in.limit(), in.position());
    }

    @Test
    void onlyTheBytesBetweenPositionAndLimitAreDelivered() {
        ByteBuffer in = ByteBuffer.wrap("xxhelloyy".getBytes(StandardCharsets.US_ASCII));
        in.position(2).limit(7);
        List<String> delivered = new ArrayList<>();

        new RawFramer().frame(in, packet -> delivered.add(StandardCharsets.US_ASCII.decode(packet).toString()));

        assertEquals(List.of("hello"), delivered);
        assertEquals(7, in.position());
    }

    @Test
    void eachReadIsItsOwnPacket() throws PacketFormatException {
        SimulatedReadBuffer connection = new SimulatedReadBuffer(new RawFramer(), 8)
                .feed(List.of(new byte[] {1, 2, 3}, new byte[] {4}, new byte[0], new byte[] {5, 6}));

        assertEquals(List.of("010203", "04", "0506"), PacketLayout.hex(connection.packets()));
    }

    @Test
    void noBytesMeansNoPacket() {
        List<ByteBuffer> delivered = new ArrayList<>();

        assertEquals(0, new RawFramer().frame(ByteBuffer.allocate(0), delivered::add));

        assertEquals(List.of(), delivered);
    }
}
