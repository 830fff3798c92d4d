package drover.reactor.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Feeds a decoder the way a connection would: in pieces, checking what stays for the next layer. */
final class DecoderFeed {
    static final String AFTER = "GET / HTTP/1.1\r\n\r\n";

    private DecoderFeed() {}

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The header fed whole, followed by a request that must stay unconsumed. */
    static ProxyHeader decodeWhole(byte[] header) throws ProxyHeaderException {
        ByteBuffer in = ByteBuffer.wrap(concat(header, ascii(AFTER)));
        ProxyHeader decoded = new ProxyHeaderDecoder().decode(in).orElseThrow(() -> new AssertionError("incomplete"));
        assertEquals(header.length, in.position(), "consumed exactly the header");
        return decoded;
    }

    /** The same header split in two at every offset, then in three: always the same result, nothing more consumed. */
    static ProxyHeader decodeAtEverySplit(byte[] header) throws ProxyHeaderException {
        ProxyHeader whole = decodeWhole(header);
        byte[] stream = concat(header, ascii(AFTER));
        for (int cut = 0; cut <= header.length; cut++) {
            for (int second = cut; second <= stream.length; second += 5) {
                ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
                Optional<ProxyHeader> result = Optional.empty();
                int consumed = 0;
                for (byte[] piece : new byte[][] {Arrays.copyOfRange(stream, 0, cut),
                        Arrays.copyOfRange(stream, cut, second), Arrays.copyOfRange(stream, second, stream.length)}) {
                    ByteBuffer in = ByteBuffer.wrap(piece);
                    result = decoder.decode(in);
                    consumed += in.position();
                    if (result.isPresent()) {
                        break;
                    }
                    assertEquals(piece.length, in.position(), "an incomplete header consumes every byte given");
                }
                assertEquals(whole, result.orElseThrow(), "cut at " + cut + " and " + second);
                assertEquals(header.length, consumed, "consumed exactly the header, cut at " + cut + " and " + second);
            }
        }
        return whole;
    }

    /** Fed one byte at a time: the error comes as soon as the bad byte arrives. */
    static String refusal(byte[] bytes) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        return assertThrows(ProxyHeaderException.class, () -> {
            for (byte b : bytes) {
                decoder.decode(ByteBuffer.wrap(new byte[] {b}));
            }
            fail("no refusal after " + bytes.length + " bytes");
        }).getMessage();
    }
}
