package drover.reactor.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.LengthType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stack a connection owns, with a fake connection: framing layers, a layer that replaces itself
 * (an upgrade), one that removes itself after a header (PROXY), one that transforms bytes both ways
 * below the framing and writes bytes of its own (TLS), and closes with a reason.
 */
class ProtocolStackTest {
    private final FakePort port = new FakePort();

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ProtocolLayer lengthLayer() {
        return new FramedPacketLayer(new LengthFieldFramer(LengthType.N, 0, 4, 1 << 20));
    }

    private static ByteBuffer lengthPackets(String... bodies) {
        ByteBuffer out = ByteBuffer.allocate(1024);
        for (String body : bodies) {
            out.putInt(body.length()).put(body.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.flip();
    }

    @Test
    void aFramingLayerPassesWholePacketsToTheConnectionAndAnnouncesTheNextSize() throws Exception {
        ProtocolStack stack = new ProtocolStack(List.of(lengthLayer()), port);
        ByteBuffer in = lengthPackets("one", "two");
        in.limit(in.limit() - 1); // the second packet cut short
        assertEquals(4 + 3, stack.input(in), "the second packet's size is known from its header");
        assertEquals(List.of("\0\0\0\3one"), port.deliveredText());
        assertEquals(7, in.position(), "the incomplete packet stays unconsumed");
    }

    @Test
    void aLayerThatReplacesItselfHandsTheRestOfTheInputToItsSuccessor() throws Exception {
        ProtocolLayer upgrading = new ProtocolLayer() {
            @Override
            public int onInput(ByteBuffer in, LayerContext context) {
                while (in.hasRemaining()) {
                    if (in.get() == '\n') {
                        context.passUp(ascii("upgrade asked"));
                        context.replaceWith(new FramedPacketLayer(new RawFramer()));
                        return 0;
                    }
                }
                return 0;
            }
        };
        ProtocolStack stack = new ProtocolStack(List.of(upgrading), port);
        stack.input(ascii("UPGRADE\nframe after"));
        assertEquals(List.of("upgrade asked", "frame after"), port.deliveredText(),
                "the bytes after the upgrade reach the new layer in the same read");
        assertInstanceOf(FramedPacketLayer.class, stack.layers().getFirst());
        stack.input(ascii("next"));
        assertEquals("next", port.deliveredText().getLast());
    }

    @Test
    void aHeaderLayerRemovesItselfAndTheFramingAboveTakesTheRest() throws Exception {
        ProtocolLayer proxyHeader = new ProtocolLayer() {
            @Override
            public int onInput(ByteBuffer in, LayerContext context) {
                for (int i = in.position(); i + 1 < in.limit(); i++) {
                    if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                        in.position(i + 2);
                        context.remove();
                        return 0;
                    }
                }
                return 0; // the header is not whole yet
            }
        };
        ProtocolStack stack = new ProtocolStack(List.of(proxyHeader, lengthLayer()), port);
        ByteBuffer header = ascii("PROXY TCP4 10.0.0.1 10.0.0.2 1 2\r\n");
        ByteBuffer packets = lengthPackets("after");
        ByteBuffer in = ByteBuffer.allocate(header.remaining() + packets.remaining()).put(header).put(packets).flip();
        stack.input(in);
        assertEquals(List.of("\0\0\0\5after"), port.deliveredText());
        assertEquals(1, stack.layers().size(), "the header layer left the stack");
    }

    /** Stands in for TLS: flips every bit both ways, and writes a greeting of its own when attached. */
    private static final class FlippingLayer implements ProtocolLayer {
        private ByteBuffer plain = ByteBuffer.allocate(1024);

        @Override
        public void onAttach(LayerContext context) {
            try {
                context.passDown(ascii("HELLO"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public int onInput(ByteBuffer in, LayerContext context) {
            while (in.hasRemaining()) {
                plain.put((byte) ~in.get());
            }
            plain.flip();
            context.passUp(plain); // the layer above takes what it can; the rest is kept for the next read
            plain.compact();
            return 0;
        }

        @Override
        public void onOutput(ByteBuffer out, LayerContext context) throws IOException {
            ByteBuffer flipped = ByteBuffer.allocate(out.remaining());
            while (out.hasRemaining()) {
                flipped.put((byte) ~out.get());
            }
            context.passDown(flipped.flip());
        }
    }

    private static ByteBuffer flipped(ByteBuffer in) {
        ByteBuffer out = ByteBuffer.allocate(in.remaining());
        while (in.hasRemaining()) {
            out.put((byte) ~in.get());
        }
        return out.flip();
    }

    @Test
    void aTransformingLayerBelowTheFramingWorksBothWaysAndWritesOnItsOwn() throws Exception {
        ProtocolStack stack = new ProtocolStack(List.of(new FlippingLayer(), lengthLayer()), port);
        assertEquals("HELLO", port.written.toString(StandardCharsets.ISO_8859_1), "its own bytes, no app message");
        ByteBuffer wire = flipped(lengthPackets("ab", "cd"));
        ByteBuffer first = wire.slice(0, 5);
        assertEquals(0, stack.input(first), "a transforming layer announces no size: no read into a worker's ring");
        assertTrue(port.delivered.isEmpty(), "half a packet is kept below until the rest comes");
        stack.input(wire.slice(5, wire.remaining() - 5));
        assertEquals(List.of("\0\0\0\2ab", "\0\0\0\2cd"), port.deliveredText());

        port.written.reset();
        stack.output(ascii("reply"));
        assertEquals("reply", new String(flippedBytes(port.written.toByteArray()), StandardCharsets.ISO_8859_1));
    }

    private static byte[] flippedBytes(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) ~bytes[i];
        }
        return out;
    }

    @Test
    void aBadPacketAboveATransformingLayerClosesTheConnectionAsABadPacket() throws Exception {
        ProtocolStack stack = new ProtocolStack(List.of(new FlippingLayer(),
                new FramedPacketLayer(new LengthFieldFramer(LengthType.N, 0, 4, 16))), port);
        stack.input(flipped(lengthPackets("far more than sixteen bytes")));
        assertTrue(port.rejected.contains("exceeds package_max_length 16"), port.rejected);
        assertTrue(port.delivered.isEmpty());
    }

    @Test
    void aBadPacketAtTheBottomIsThrownToTheConnection() {
        ProtocolStack stack = new ProtocolStack(List.of(new FramedPacketLayer(
                new LengthFieldFramer(LengthType.N, 0, 4, 16))), port);
        assertThrows(PacketFormatException.class, () -> stack.input(lengthPackets("far more than sixteen bytes")));
    }

    @Test
    void aLayerClosesWithAReason() throws Exception {
        ProtocolLayer refusing = (in, context) -> {
            in.position(in.limit());
            context.abort(CloseReason.BAD_PACKET);
            return 0;
        };
        new ProtocolStack(List.of(refusing), port).input(ascii("x"));
        assertSame(CloseReason.BAD_PACKET, port.aborted);
    }

    @Test
    void byDefaultTheEndOfInputEndsTheConnectionAndALostWorkerClosesItUnlessExpected() throws Exception {
        ProtocolStack stack = new ProtocolStack(List.of(new FlippingLayer(), lengthLayer()), port);
        stack.inputEnded();
        assertTrue(port.inputEnded, "passed up through every layer to the connection");
        assertFalse(stack.workerLost(false, true), "an expected exit leaves the connection");
        assertFalse(port.closing);
        assertTrue(stack.workerLost(false, false));
        assertTrue(port.closing, "an unasked exit closes it after its output (close_on_worker_exit)");
        assertFalse(stack.answersEachMessage());
        assertEquals(port.bufferOutputSize, stack.outputLimit());
    }

    @Test
    void theLastLayerCannotLeave() {
        ProtocolLayer leaving = (in, context) -> {
            context.remove();
            return 0;
        };
        ProtocolStack stack = new ProtocolStack(List.of(leaving), port);
        assertThrows(IllegalStateException.class, () -> stack.input(ascii("x")));
    }
    /** Holds whatever comes down until released, as TLS holds plaintext until there is room. */
    private static final class HoldingLayer implements ProtocolLayer {
        ByteBuffer held = ByteBuffer.allocate(0);

        @Override
        public int onInput(ByteBuffer in, LayerContext context) {
            context.passUp(in);
            return 0;
        }

        @Override
        public void onOutput(ByteBuffer out, LayerContext context) {
            held = ByteBuffer.allocate(held.remaining() + out.remaining()).put(held).put(out).flip();
        }

        @Override
        public int heldOutput() {
            return held.remaining();
        }
    }

    @Test
    void outputHeldInsideALayerCountsForTheLayersAboveAndTheConnection() throws Exception {
        HoldingLayer holding = new HoldingLayer();
        LayerContext[] topContext = new LayerContext[1];
        ProtocolLayer top = new ProtocolLayer() {
            @Override
            public void onAttach(LayerContext context) {
                topContext[0] = context;
            }

            @Override
            public int onInput(ByteBuffer in, LayerContext context) {
                return 0;
            }
        };
        ProtocolStack stack = new ProtocolStack(List.of(holding, top), port);
        port.pendingOutput = 10;
        stack.output(ascii("twelve bytes"));
        assertEquals(12, stack.heldOutput(), "the connection waits for it before a close after the output");
        assertEquals(22, topContext[0].pendingOutput(), "the layer above sees what is queued below it");
        assertEquals(0, port.written.size(), "nothing reached the socket yet");
    }

    @Test
    void aLayerThatDelaysTheConnectAnnouncesTheSessionThroughItsContext() throws Exception {
        ProtocolLayer announcing = new ProtocolLayer() {
            @Override
            public boolean delaysConnect() {
                return true;
            }

            @Override
            public int onInput(ByteBuffer in, LayerContext context) {
                in.position(in.limit());
                context.announce(2, "facts".getBytes(StandardCharsets.US_ASCII));
                return 0;
            }
        };
        ProtocolStack stack = new ProtocolStack(List.of(announcing, lengthLayer()), port);
        assertTrue(stack.delaysConnect());
        assertFalse(new ProtocolStack(List.of(lengthLayer()), new FakePort()).delaysConnect());
        stack.input(ascii("x"));
        assertEquals(2, port.announcedFlags);
        assertEquals("facts", new String(port.announced.getFirst(), StandardCharsets.US_ASCII));
    }
}
