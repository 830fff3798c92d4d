package drover.reactor.websocket;

import static drover.reactor.websocket.ClientFrames.bytes;
import static drover.reactor.websocket.ClientFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerMessageDeflateTest {
    private final PerMessageDeflate withContext = new PerMessageDeflate(new DeflateParameters(false, false));
    private final PerMessageDeflate noContext = new PerMessageDeflate(new DeflateParameters(true, true));

    @AfterEach
    void end() {
        withContext.end();
        noContext.end();
    }

    private static byte[] inflate(PerMessageDeflate codec, byte[] data, int limit) throws WebSocketException {
        GrowableBytes out = new GrowableBytes();
        codec.inflate(data, 0, data.length, true, out, limit);
        return out.take();
    }

    @Test
    void inflatesTheExamplesOfRfc7692Section723() throws Exception {
        assertArrayEquals(utf8("Hello"), inflate(withContext, bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), 100));
        // the same "Hello" again, referring back to the first through the shared window (7.2.3.2)
        assertArrayEquals(utf8("Hello"), inflate(withContext, bytes(0xf2, 0x00, 0x11, 0x00, 0x00), 100));
        // a stored (uncompressed) block (7.2.3.3) and a block with BFINAL set (7.2.3.4)
        assertArrayEquals(utf8("Hello"), inflate(noContext, bytes(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00), 100));
        assertArrayEquals(utf8("Hello"), inflate(noContext, bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00), 100));
        assertArrayEquals(utf8("Hello"), inflate(noContext, bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), 100));
    }

    @Test
    void compressesHelloAsTheRfcExampleAndReusesTheWindowWithContextTakeover() {
        byte[] first = withContext.compress(utf8("Hello"), 0, 5);
        assertArrayEquals(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00), first);
        byte[] second = withContext.compress(utf8("Hello"), 0, 5);
        assertTrue(second.length < first.length, "the second Hello refers back to the first");
        byte[] again = noContext.compress(utf8("Hello"), 0, 5);
        assertArrayEquals(first, noContext.compress(utf8("Hello"), 0, 5), "no context: every message alike");
        assertArrayEquals(first, again);
    }

    @Test
    void anEmptyMessageAfterAnotherIsOneZeroByteNotNothing() throws Exception {
        withContext.compress(utf8("Hello"), 0, 5);
        byte[] empty = withContext.compress(new byte[0], 0, 0);
        // Python's websockets appends 00 00 FF FF to an empty payload and fails: "invalid stored block lengths"
        assertArrayEquals(bytes(0x00), empty);
        java.util.zip.Inflater zlib = new java.util.zip.Inflater(true);
        try {
            byte[] out = new byte[16];
            zlib.setInput(bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00, 0x00, 0xff, 0xff));
            assertEquals(5, zlib.inflate(out));
            zlib.setInput(bytes(0x00, 0x00, 0x00, 0xff, 0xff));
            assertEquals(0, zlib.inflate(out));
            assertTrue(zlib.needsInput(), "the empty stored block was read whole");
        } finally {
            zlib.end();
        }
    }

    @Test
    void roundTripsMessagesWithAndWithoutContextTakeover() throws Exception {
        Random random = new Random(7692);
        for (PerMessageDeflate codec : new PerMessageDeflate[] {withContext, noContext}) {
            PerMessageDeflate peer = new PerMessageDeflate(new DeflateParameters(false, false));
            try {
                for (int size : new int[] {0, 1, 125, 4096, 70_000, 1 << 20}) {
                    byte[] message = new byte[size];
                    for (int i = 0; i < size; i++) {
                        message[i] = (byte) ('a' + random.nextInt(4));   // compressible
                    }
                    byte[] compressed = codec.compress(message, 0, size);
                    assertArrayEquals(message, inflate(peer, compressed, 1 << 20), "size " + size);
                }
            } finally {
                peer.end();
            }
        }
    }

    @Test
    void inflatesWhatJavaUtilZipSyncFlushes() throws Exception {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] message = utf8("permessage-deflate ".repeat(200));
            deflater.setInput(message);
            byte[] out = new byte[8192];
            int size = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            GrowableBytes inflated = new GrowableBytes();
            // fed in three pieces, less the 00 00 FF FF tail, as fragments would arrive
            withContext.inflate(out, 0, 3, false, inflated, 1 << 16);
            withContext.inflate(out, 3, 5, false, inflated, 1 << 16);
            withContext.inflate(out, 8, size - 12, true, inflated, 1 << 16);
            assertArrayEquals(message, inflated.take());
        } finally {
            deflater.end();
        }
    }

    @Test
    void stopsADecompressionBombWith1009() {
        byte[] bomb = withContext.compress(new byte[50 << 20], 0, 50 << 20);   // 50 MiB of zeros
        assertTrue(bomb.length < 100_000, "compressed to " + bomb.length);
        WebSocketException tooBig = assertThrows(WebSocketException.class, () -> inflate(noContext, bomb, 1 << 20));
        assertEquals(CloseStatus.MESSAGE_TOO_BIG, tooBig.status());
    }

    @Test
    void refusesGarbageWith1007() {
        WebSocketException bad = assertThrows(WebSocketException.class, () -> inflate(noContext, bytes(0xff, 0xff, 0xff), 100));
        assertEquals(CloseStatus.INVALID_PAYLOAD, bad.status());
    }
}
