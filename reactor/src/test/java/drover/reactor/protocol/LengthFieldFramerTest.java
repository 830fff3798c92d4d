package drover.reactor.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.LengthType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LengthFieldFramerTest {
    private static final int MAX_LENGTH = 1 << 20;

    /** Every length type in four header shapes, including a length that counts the header itself. */
    static Stream<PacketLayout> layouts() {
        return Arrays.stream(LengthType.values()).flatMap(type -> Stream.of(
                new PacketLayout(type, 0, type.size()),                // length first, body right after it
                new PacketLayout(type, 2, 2 + type.size()),            // magic(2) then length, body after it
                new PacketLayout(type, 2, 0),                          // magic(2) then length counting the whole packet
                new PacketLayout(type, 3, 3 + type.size() + 3)));      // length between other header fields
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void everyTwoReadSplitYieldsTheSamePackets(PacketLayout layout) throws PacketFormatException {
        List<byte[]> expected = layout.samplePackets();
        byte[] stream = PacketLayout.concat(expected);
        for (int split = 0; split <= stream.length; split++) {
            SimulatedReadBuffer connection = new SimulatedReadBuffer(layout.framer(MAX_LENGTH), layout.headerLength())
                    .feed(List.of(Arrays.copyOfRange(stream, 0, split), Arrays.copyOfRange(stream, split, stream.length)));
            assertEquals(PacketLayout.hex(expected), PacketLayout.hex(connection.packets()), "split at byte " + split);
            assertEquals(0, connection.pendingBytes(), "split at byte " + split);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void oneByteAtATimeYieldsTheSamePackets(PacketLayout layout) throws PacketFormatException {
        List<byte[]> expected = layout.samplePackets();
        byte[] stream = PacketLayout.concat(expected);
        SimulatedReadBuffer connection = new SimulatedReadBuffer(layout.framer(MAX_LENGTH), layout.headerLength());
        for (byte b : stream) {
            connection.read(new byte[] {b});
        }
        assertEquals(PacketLayout.hex(expected), PacketLayout.hex(connection.packets()));
        assertEquals(0, connection.pendingBytes());
    }

    @Test
    void manyPacketsInOneReadAreAllDelivered() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.N, 0, 4);
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(layout.packet(4 + i % 23, i));
        }
        ByteBuffer in = ByteBuffer.wrap(PacketLayout.concat(expected));
        List<byte[]> delivered = new ArrayList<>();

        int next = layout.framer(MAX_LENGTH).frame(in, packet -> delivered.add(bytesOf(packet)));

        assertEquals(0, next);
        assertEquals(in.limit(), in.position());
        assertEquals(PacketLayout.hex(expected), PacketLayout.hex(delivered));
    }

    @Test
    void handWrittenBigEndianPacketIsCutAtItsDeclaredEnd() throws PacketFormatException {
        // magic 'D' 'R', length 3 as big-endian uint32, body "abc", then the first byte of the next packet.
        byte[] bytes = {'D', 'R', 0, 0, 0, 3, 'a', 'b', 'c', 'D'};
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<byte[]> delivered = new ArrayList<>();

        int next = new LengthFieldFramer(LengthType.N, 2, 6, 100).frame(in, packet -> delivered.add(bytesOf(packet)));

        assertEquals(List.of("445200000003616263"), PacketLayout.hex(delivered));
        assertEquals(9, in.position());
        assertEquals(0, next, "the next header is incomplete, so its size is unknown");
    }

    @Test
    void handWrittenLittleEndianLengthCountingTheHeader() throws PacketFormatException {
        // length 5 as little-endian uint16 covering itself, then body "xyz".
        ByteBuffer in = ByteBuffer.wrap(new byte[] {5, 0, 'x', 'y', 'z'});
        List<byte[]> delivered = new ArrayList<>();

        new LengthFieldFramer(LengthType.v, 0, 0, 100).frame(in, packet -> delivered.add(bytesOf(packet)));

        assertEquals(List.of("050078797a"), PacketLayout.hex(delivered));
    }

    @Test
    void eachPacketIsHandedOverAsExactlyItsBytes() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.n, 1, 3);
        byte[] first = layout.packet(10, 1);
        byte[] second = layout.packet(7, 2);
        // Start the read region past a few stale bytes to check the framer honours position.
        ByteBuffer in = ByteBuffer.allocate(40);
        in.put(new byte[] {9, 9, 9}).put(first).put(second).flip().position(3);
        List<byte[]> packets = new ArrayList<>();

        layout.framer(MAX_LENGTH).frame(in, packet -> packets.add(bytesOf(packet)));

        assertEquals(PacketLayout.hex(List.of(first, second)), PacketLayout.hex(packets));
        assertEquals(in.limit(), in.position());
        assertEquals(3 + 10 + 7, in.limit());
    }

    @Test
    void aSinkThatThrowsLeavesTheInputConsumedPastItsPacketWithItsLimitBack() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.N, 0, 4);
        byte[] first = layout.packet(4 + 6, 1);
        byte[] second = layout.packet(4 + 2, 2);
        ByteBuffer in = ByteBuffer.wrap(PacketLayout.concat(List.of(first, second)));

        assertThrows(IllegalStateException.class, () -> layout.framer(MAX_LENGTH).frame(in, packet -> {
            throw new IllegalStateException("sink failed");
        }));

        assertEquals(first.length, in.position());
        assertEquals(first.length + second.length, in.limit());
    }

    @Test
    void framingAllocatesNothingPerPacket() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.N, 0, 4);
        byte[][] packets = new byte[100][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = layout.packet(4 + 64, i);
        }
        ByteBuffer in = ByteBuffer.allocateDirect(100 * 68).put(PacketLayout.concat(Arrays.asList(packets)));
        LengthFieldFramer framer = layout.framer(MAX_LENGTH);
        long[] bytes = {0};
        PacketSink sink = packet -> bytes[0] += packet.remaining();
        frameRepeatedly(framer, in, sink, 1_000); // warm-up

        long before = allocatedBytes();
        frameRepeatedly(framer, in, sink, 1_000);
        long allocated = allocatedBytes() - before;

        assertEquals(2_000L * 100 * 68, bytes[0]);
        // a slice per packet came to 6.4 MB here before the framers handed over their input narrowed
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated framing 100,000 packets");
    }

    private static void frameRepeatedly(LengthFieldFramer framer, ByteBuffer in, PacketSink sink, int times)
            throws PacketFormatException {
        for (int i = 0; i < times; i++) {
            framer.frame(in.clear(), sink);
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void announcesTheNextPacketSizeOnceItsHeaderIsIn() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.V, 2, 6);
        byte[] packet = layout.packet(6 + 500, 7);
        LengthFieldFramer framer = layout.framer(MAX_LENGTH);

        ByteBuffer headerMissingOneByte = ByteBuffer.wrap(packet, 0, 5);
        assertEquals(0, framer.frame(headerMissingOneByte, unexpectedPacket()));
        assertEquals(0, headerMissingOneByte.position());

        ByteBuffer headerOnly = ByteBuffer.wrap(packet, 0, 6);
        assertEquals(506, framer.frame(headerOnly, unexpectedPacket()));
        assertEquals(0, headerOnly.position(), "an incomplete packet must not be consumed");

        ByteBuffer allButLastByte = ByteBuffer.wrap(packet, 0, 505);
        assertEquals(506, framer.frame(allButLastByte, unexpectedPacket()));
        assertEquals(0, allButLastByte.position());
    }

    @Test
    void growsTheReadBufferForAPacketLargerThanIt() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.N, 0, 4);
        List<byte[]> expected = List.of(layout.packet(5, 1), layout.packet(100_000, 2), layout.packet(4, 3));
        byte[] stream = PacketLayout.concat(expected);
        SimulatedReadBuffer connection = new SimulatedReadBuffer(layout.framer(MAX_LENGTH), 64);
        for (int offset = 0; offset < stream.length; offset += 1000) {
            connection.read(Arrays.copyOfRange(stream, offset, Math.min(stream.length, offset + 1000)));
        }

        assertEquals(PacketLayout.hex(expected), PacketLayout.hex(connection.packets()));
        assertEquals(1, connection.growCount());
        assertTrue(connection.announcedSizes().contains(100_000), () -> "announced " + connection.announcedSizes());
    }

    @Test
    void overlongDeclaredLengthIsRejectedBeforeAnyBodyByteArrives() {
        // magic(2), then a big-endian uint32 declaring 1 GiB; no body byte follows.
        ByteBuffer header = ByteBuffer.allocate(6);
        header.put(0, (byte) 'D').put(1, (byte) 'R');
        LengthType.N.write(header, 2, 1L << 30);
        LengthFieldFramer framer = new LengthFieldFramer(LengthType.N, 2, 6, 2 * 1024 * 1024);

        PacketFormatException e = assertThrows(PacketFormatException.class, () -> framer.frame(header, unexpectedPacket()));

        assertTrue(e.getMessage().contains("1073741824"), e.getMessage());
        assertTrue(e.getMessage().contains("package_max_length 2097152"), e.getMessage());
    }

    @Test
    void overlongPacketIsRejectedThroughTheReadLoopAfterEarlierPacketsWereDelivered() {
        PacketLayout layout = new PacketLayout(LengthType.n, 0, 2);
        byte[] good = layout.packet(10, 1);
        byte[] tooLongHeader = {0x10, 0x00}; // declares 4096 bytes of body; limit is 1000
        SimulatedReadBuffer connection = new SimulatedReadBuffer(layout.framer(1000), 16);

        assertThrows(PacketFormatException.class, () -> connection.read(PacketLayout.concat(List.of(good, tooLongHeader))));

        assertEquals(PacketLayout.hex(List.of(good)), PacketLayout.hex(connection.packets()));
    }

    @Test
    void totalSizeExactlyAtTheLimitIsAcceptedAndOneMoreIsRejected() throws PacketFormatException {
        PacketLayout layout = new PacketLayout(LengthType.N, 2, 6);
        LengthFieldFramer framer = layout.framer(64);
        List<byte[]> delivered = new ArrayList<>();

        framer.frame(ByteBuffer.wrap(layout.packet(64, 1)), packet -> delivered.add(bytesOf(packet)));
        assertEquals(1, delivered.size());

        PacketFormatException e = assertThrows(PacketFormatException.class,
                () -> framer.frame(ByteBuffer.wrap(layout.packet(65, 2)), unexpectedPacket()));
        assertTrue(e.getMessage().contains("declared packet length 59"), e.getMessage());
        assertTrue(e.getMessage().contains("65"), e.getMessage());
        assertTrue(e.getMessage().contains("package_max_length 64"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = LengthType.class, names = {"c", "s", "l"})
    void negativeDeclaredLengthIsRejected(LengthType signedType) {
        ByteBuffer header = ByteBuffer.allocate(2 + signedType.size());
        signedType.write(header, 2, -1);
        LengthFieldFramer framer = new LengthFieldFramer(signedType, 2, 2 + signedType.size(), MAX_LENGTH);

        PacketFormatException e = assertThrows(PacketFormatException.class, () -> framer.frame(header, unexpectedPacket()));

        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = LengthType.class, names = {"C", "S", "n", "v", "L", "N", "V"})
    void allOnesIsAPositiveLengthForUnsignedTypes(LengthType unsignedType) throws PacketFormatException {
        ByteBuffer header = ByteBuffer.allocate(unsignedType.size());
        unsignedType.write(header, 0, -1);
        LengthFieldFramer framer = new LengthFieldFramer(unsignedType, 0, unsignedType.size(), Integer.MAX_VALUE);

        long expectedTotal = unsignedType.size() + unsignedType.maxValue();
        if (expectedTotal <= Integer.MAX_VALUE) {
            assertEquals(expectedTotal, framer.frame(header, unexpectedPacket()));
        } else {
            PacketFormatException e = assertThrows(PacketFormatException.class, () -> framer.frame(header, unexpectedPacket()));
            assertTrue(e.getMessage().contains(Long.toString(unsignedType.maxValue())), e.getMessage());
        }
    }

    @Test
    void totalEndingBeforeTheLengthFieldEndsIsRejected() {
        // Length at offset 4 counting the whole packet: a declared 6 would end inside the 8-byte header.
        ByteBuffer header = ByteBuffer.allocate(8);
        LengthType.N.write(header, 4, 6);
        LengthFieldFramer framer = new LengthFieldFramer(LengthType.N, 4, 0, MAX_LENGTH);

        PacketFormatException e = assertThrows(PacketFormatException.class, () -> framer.frame(header, unexpectedPacket()));

        assertTrue(e.getMessage().contains("declared packet length 6"), e.getMessage());
        assertTrue(e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void zeroLengthIsRejectedWhenTheLengthCountsTheHeader() {
        LengthFieldFramer framer = new LengthFieldFramer(LengthType.n, 0, 0, MAX_LENGTH);

        assertThrows(PacketFormatException.class, () -> framer.frame(ByteBuffer.wrap(new byte[] {0, 0}), unexpectedPacket()));
    }

    @Test
    void emptyBodiesArePackets() throws PacketFormatException {
        LengthFieldFramer framer = new LengthFieldFramer(LengthType.C, 1, 2, MAX_LENGTH);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {'a', 0, 'b', 0, 'c', 1, 'z'});
        List<byte[]> delivered = new ArrayList<>();

        assertEquals(0, framer.frame(in, packet -> delivered.add(bytesOf(packet))));

        assertEquals(List.of("6100", "6200", "63017a"), PacketLayout.hex(delivered));
    }

    @Test
    void emptyInputDeliversNothing() throws PacketFormatException {
        assertEquals(0, new LengthFieldFramer(LengthType.N, 0, 4, MAX_LENGTH).frame(ByteBuffer.allocate(0), unexpectedPacket()));
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LengthFieldFramer(LengthType.N, -1, 4, 100))
                .getMessage().contains("package_length_offset -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LengthFieldFramer(LengthType.N, 0, -4, 100))
                .getMessage().contains("package_body_offset -4"));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class, () -> new LengthFieldFramer(LengthType.N, 8, 12, 11));
        assertTrue(tooSmall.getMessage().contains("package_max_length 11"), tooSmall.getMessage());
        assertTrue(tooSmall.getMessage().contains("12"), tooSmall.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LengthFieldFramer(LengthType.N, 0, 200, 100))
                .getMessage().contains("package_body_offset 200"));
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldFramer(LengthType.N, Integer.MAX_VALUE, 0, Integer.MAX_VALUE));
        assertThrows(NullPointerException.class, () -> new LengthFieldFramer(null, 0, 4, 100));
    }

    @Test
    void smallestValidConfigurationIsAccepted() throws PacketFormatException {
        // maxLength equal to the header: only packets that are exactly the header fit.
        LengthFieldFramer framer = new LengthFieldFramer(LengthType.N, 2, 6, 6);
        List<byte[]> delivered = new ArrayList<>();

        framer.frame(ByteBuffer.wrap(new byte[] {1, 2, 0, 0, 0, 0}), packet -> delivered.add(bytesOf(packet)));

        assertEquals(List.of("010200000000"), PacketLayout.hex(delivered));
    }

    private static PacketSink unexpectedPacket() {
        return packet -> {
            throw new AssertionError("no packet expected, got " + packet.remaining() + " bytes");
        };
    }

    private static byte[] bytesOf(ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.duplicate().get(bytes);
        return bytes;
    }
}
