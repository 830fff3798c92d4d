package drover.reactor.proxy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the PROXY header at the start of one connection, version 1 or 2, told apart by the first
 * byte, from bytes fed in any pieces. It consumes the header's bytes and no more, so what follows
 * stays in the buffer for the next layer. A byte that cannot belong to a header fails at once
 * (the specification asks to abort as soon as possible), and no header may be longer than the
 * bound given, so a peer cannot make it hold more. One instance per connection, on its thread.
 */
public final class ProxyHeaderDecoder {
    /** The longest v1 line, CRLF included ("PROXY UNKNOWN" with two full IPv6 addresses and ports). */
    public static final int V1_MAX_LINE = 107;
    /** Room for a v2 header with an AF_UNIX block and the TLVs HAProxy sends (SSL, authority, unique id). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 4096;
    static final int V2_FIXED_PART = 16;
    static final int V2_LARGEST = V2_FIXED_PART + 0xffff;
    private static final int V2_SMALLEST_WITH_UNIX = V2_FIXED_PART + 216;
    private static final byte[] V1_PREFIX = {'P', 'R', 'O', 'X', 'Y', ' '};
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private enum Stage { FIRST_BYTE, V1_PREFIX, V1_LINE, V2_SIGNATURE, V2_BLOCK, DONE }

    private final int maxHeaderBytes;
    private Stage stage = Stage.FIRST_BYTE;
    private byte[] held = new byte[V1_MAX_LINE];
    private int count;

    public ProxyHeaderDecoder() {
        this(DEFAULT_MAX_HEADER_BYTES);
    }

    /** @param maxHeaderBytes the longest v2 header accepted, 232..65551 (v1 lines stop at 107) */
    public ProxyHeaderDecoder(int maxHeaderBytes) {
        if (maxHeaderBytes < V2_SMALLEST_WITH_UNIX || maxHeaderBytes > V2_LARGEST) {
            throw new IllegalArgumentException("maxHeaderBytes " + maxHeaderBytes + " is outside "
                    + V2_SMALLEST_WITH_UNIX + ".." + V2_LARGEST);
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /**
     * Consumes header bytes from {@code in} (read mode), leaving its position just past them.
     *
     * @return the header once it is whole, empty while more bytes are needed
     * @throws ProxyHeaderException when the bytes cannot be a valid header; the connection must close
     */
    public Optional<ProxyHeader> decode(ByteBuffer in) throws ProxyHeaderException {
        if (stage == Stage.DONE) {
            throw new IllegalStateException("the PROXY header was already decoded");
        }
        while (in.hasRemaining()) {
            if (stage == Stage.V2_BLOCK) {
                int take = Math.min(in.remaining(), held.length - count);
                in.get(held, count, take);
                count += take;
            } else {
                take(in.get());
            }
            Optional<ProxyHeader> header = completed();
            if (header.isPresent()) {
                stage = Stage.DONE;
                held = null;
                return header;
            }
        }
        return Optional.empty();
    }

    /** Bytes consumed so far, for a connection that closes or times out half way. */
    public int bytesHeld() {
        return count;
    }

    private void take(byte b) throws ProxyHeaderException {
        switch (stage) {
            case FIRST_BYTE -> stage = switch (b) {
                case 'P' -> Stage.V1_PREFIX;
                case 0x0D -> Stage.V2_SIGNATURE;
                default -> throw new ProxyHeaderException("not a PROXY header: it starts with " + describe(b)
                        + ", expected 'PROXY ' (version 1) or the version 2 signature (0x0D 0x0A ...)");
            };
            case V1_PREFIX -> expect(V1_PREFIX, b, "the version 1 prefix 'PROXY '");
            case V2_SIGNATURE -> expect(V2_SIGNATURE, b, "the version 2 signature");
            case V1_LINE -> checkLineEnd(b);
            default -> throw new IllegalStateException("byte taken in stage " + stage);
        }
        held[count++] = b;
        if (stage == Stage.V1_PREFIX && count == V1_PREFIX.length) {
            stage = Stage.V1_LINE;
        }
    }

    private void expect(byte[] prefix, byte b, String what) throws ProxyHeaderException {
        if (count < prefix.length && b != prefix[count]) {
            throw new ProxyHeaderException("not a PROXY header: byte " + count + " is " + describe(b) + " where "
                    + what + " has " + describe(prefix[count]));
        }
        if (stage == Stage.V2_SIGNATURE && count == prefix.length) {
            int version = (b & 0xf0) >>> 4;
            if (version != 2) {
                throw new ProxyHeaderException("PROXY v2 signature followed by version " + version + ": expected 2");
            }
        }
    }

    // The specification: a lone CR or LF must not end the line, and 107 bytes without CRLF is invalid.
    private void checkLineEnd(byte b) throws ProxyHeaderException {
        boolean afterCr = held[count - 1] == '\r';
        if (b == '\n' && !afterCr) {
            throw new ProxyHeaderException("PROXY v1 line has a bare LF at byte " + count + ": expected CRLF");
        }
        if (afterCr && b != '\n') {
            throw new ProxyHeaderException("PROXY v1 line has a CR not followed by LF at byte " + (count - 1));
        }
        if (b != '\n' && count + 1 >= V1_MAX_LINE) {
            throw new ProxyHeaderException("PROXY v1 line has no CRLF within its first " + V1_MAX_LINE + " bytes");
        }
    }

    private Optional<ProxyHeader> completed() throws ProxyHeaderException {
        if (stage == Stage.V1_LINE && count >= 2 && held[count - 1] == '\n') {
            return Optional.of(ProxyV1Line.parse(Arrays.copyOf(held, count - 2)));
        }
        if (stage == Stage.V2_SIGNATURE && count == V2_FIXED_PART) {
            int length = ((held[14] & 0xff) << 8) | (held[15] & 0xff);
            if (V2_FIXED_PART + length > maxHeaderBytes) {
                throw new ProxyHeaderException("PROXY v2 header declares " + (V2_FIXED_PART + length)
                        + " bytes, more than the limit of " + maxHeaderBytes);
            }
            held = Arrays.copyOf(held, V2_FIXED_PART + length);
            stage = Stage.V2_BLOCK;
        }
        if (stage == Stage.V2_BLOCK && count == held.length) {
            return Optional.of(ProxyV2Block.parse(held));
        }
        return Optional.empty();
    }

    static String describe(byte b) {
        int value = b & 0xff;
        String hex = String.format("0x%02X", value);
        return value >= 0x20 && value < 0x7f ? hex + " ('" + (char) value + "')" : hex;
    }
}
