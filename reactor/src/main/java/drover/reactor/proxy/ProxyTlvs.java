package drover.reactor.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/** Reads and checks the TLVs after a v2 address block; every malformed case is a ProxyHeaderException. */
final class ProxyTlvs {
    private static final int TLV_HEAD = 3;
    private static final int SSL_HEAD = 5;
    private static final int UNIQUE_ID_MAX = 128;

    private ProxyTlvs() {}

    /**
     * The TLVs in {@code header[from..header.length)}, NOOP ones dropped, after checking the CRC32C
     * over the whole header when one is present.
     */
    static List<ProxyTlv> read(byte[] header, int from) throws ProxyHeaderException {
        List<ProxyTlv> tlvs = new ArrayList<>();
        int crcAt = -1;
        for (int at = from; at < header.length; ) {
            ProxyTlv tlv = next(header, at, header.length, "TLV");
            int valueAt = at + TLV_HEAD;
            at = valueAt + tlv.value().length;
            switch (tlv.type()) {
                case ProxyTlv.NOOP -> { }
                case ProxyTlv.CRC32C -> {
                    if (tlv.value().length != 4) {
                        throw new ProxyHeaderException("PROXY v2 CRC32C TLV is " + tlv.value().length
                                + " bytes long: expected 4");
                    }
                    if (crcAt >= 0) {
                        throw new ProxyHeaderException("PROXY v2 header has two CRC32C TLVs: expected at most one");
                    }
                    crcAt = valueAt;
                }
                default -> {
                    check(tlv);
                    tlvs.add(tlv);
                }
            }
        }
        if (crcAt >= 0) {
            checkCrc(header, crcAt);
        }
        return tlvs;
    }

    private static ProxyTlv next(byte[] bytes, int at, int end, String what) throws ProxyHeaderException {
        if (end - at < TLV_HEAD) {
            throw new ProxyHeaderException("PROXY v2 " + what + " at byte " + at + " is cut short: " + (end - at)
                    + " bytes left, a TLV needs at least " + TLV_HEAD);
        }
        int length = ((bytes[at + 1] & 0xff) << 8) | (bytes[at + 2] & 0xff);
        if (length > end - at - TLV_HEAD) {
            throw new ProxyHeaderException("PROXY v2 " + what + " 0x" + Integer.toHexString(bytes[at] & 0xff)
                    + " at byte " + at + " declares " + length + " bytes but only " + (end - at - TLV_HEAD) + " remain");
        }
        return new ProxyTlv(bytes[at] & 0xff, Arrays.copyOfRange(bytes, at + TLV_HEAD, at + TLV_HEAD + length));
    }

    private static void check(ProxyTlv tlv) throws ProxyHeaderException {
        switch (tlv.type()) {
            case ProxyTlv.AUTHORITY -> decode(tlv, StandardCharsets.UTF_8, "AUTHORITY");
            case ProxyTlv.UNIQUE_ID -> {
                if (tlv.value().length > UNIQUE_ID_MAX) {
                    throw new ProxyHeaderException("PROXY v2 UNIQUE_ID TLV is " + tlv.value().length
                            + " bytes long: expected at most " + UNIQUE_ID_MAX);
                }
            }
            case ProxyTlv.SSL -> readSsl(tlv.value());
            default -> { }
        }
    }

    /** The SSL TLV's fields and sub-TLVs (VERSION, CIPHER, SIG_ALG, KEY_ALG US-ASCII; CN UTF-8). */
    static ProxySsl readSsl(byte[] value) throws ProxyHeaderException {
        if (value.length < SSL_HEAD) {
            throw new ProxyHeaderException("PROXY v2 SSL TLV is " + value.length + " bytes long: expected at least "
                    + SSL_HEAD + " (client flags and verify)");
        }
        long verify = ByteBuffer.wrap(value, 1, 4).getInt() & 0xffff_ffffL;
        List<ProxyTlv> subTlvs = new ArrayList<>();
        for (int at = SSL_HEAD; at < value.length; ) {
            ProxyTlv sub = next(value, at, value.length, "SSL sub-TLV");
            at += TLV_HEAD + sub.value().length;
            switch (sub.type()) {
                case ProxyTlv.SSL_CN -> decode(sub, StandardCharsets.UTF_8, "SSL CN");
                case ProxyTlv.SSL_VERSION, ProxyTlv.SSL_CIPHER, ProxyTlv.SSL_SIG_ALG, ProxyTlv.SSL_KEY_ALG ->
                        decode(sub, StandardCharsets.US_ASCII, "SSL sub-TLV 0x" + Integer.toHexString(sub.type()));
                default -> { }
            }
            subTlvs.add(sub);
        }
        return new ProxySsl(value[0] & 0xff, verify, subTlvs);
    }

    // Validated when the header was read, so a failure here is a bug, not bad input.
    static ProxySsl ssl(ProxyTlv tlv) {
        try {
            return readSsl(tlv.value());
        } catch (ProxyHeaderException e) {
            throw new IllegalStateException("an SSL TLV passed the decoder's check but not now", e);
        }
    }

    static Optional<ProxyTlv> find(List<ProxyTlv> tlvs, int type) {
        return tlvs.stream().filter(tlv -> tlv.type() == type).findFirst();
    }

    static Optional<String> text(List<ProxyTlv> tlvs, int type) {
        return find(tlvs, type).map(tlv -> new String(tlv.value(), StandardCharsets.UTF_8));
    }

    private static void decode(ProxyTlv tlv, Charset charset, String name) throws ProxyHeaderException {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(tlv.value()));
        } catch (CharacterCodingException e) {
            throw new ProxyHeaderException("PROXY v2 " + name + " TLV is not " + charset.name() + " text");
        }
    }

    // The sender computed the CRC over the whole header with the CRC field as zeros (spec 2.2.3).
    private static void checkCrc(byte[] header, int crcAt) throws ProxyHeaderException {
        long sent = ByteBuffer.wrap(header, crcAt, 4).getInt() & 0xffff_ffffL;
        byte[] zeroed = header.clone();
        Arrays.fill(zeroed, crcAt, crcAt + 4, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        if (crc.getValue() != sent) {
            throw new ProxyHeaderException("PROXY v2 CRC32C mismatch: the header says 0x" + Long.toHexString(sent)
                    + ", its bytes give 0x" + Long.toHexString(crc.getValue()));
        }
    }
}
