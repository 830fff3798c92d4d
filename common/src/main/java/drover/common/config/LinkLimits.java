package drover.common.config;

/**
 * How large one message on a link between Drover processes may be: plain arithmetic over settings,
 * which {@link DroverConfig} checks at load and {@code drover.common.payload.PayloadLimits} builds on.
 */
public final class LinkLimits {
    /** Messages may always be this large, whatever package_max_length says: replies may be larger than requests. */
    public static final int MIN_LINK_PAYLOAD = 16 * 1024 * 1024;
    /** The largest array a JVM reliably allocates. */
    public static final int MAX_LINK_PAYLOAD = Integer.MAX_VALUE - 8;
    /**
     * The most bytes one varint length of the HTTP packet encoding takes (docs/HTTP.md, "Wire
     * encoding"; {@code HttpPacketEncoder.MAX_VARINT_SIZE}, which a test keeps equal to it).
     */
    static final int HTTP_VARINT_MAX = 5;

    private LinkLimits() {
    }

    /**
     * The largest request packet an HTTP parser with these limits writes (docs/HTTP.md, "Wire
     * encoding"): the body plus the encoded head and trailers, each at most twice its wire size (a
     * field's two varint lengths take at most 6 bytes where its line takes at least 3), plus the
     * fixed fields. Links to workers must carry payloads this large. In {@code config}, not beside
     * the encoder, so that the settings are checked against it without {@code config} depending on
     * {@code http}.
     *
     * @param bodyMax package_max_length
     * @param headMax http_header_max, which also bounds the trailer section
     */
    public static long maxHttpRequestPacket(int bodyMax, int headMax) {
        return bodyMax + 4L * headMax + 4L * HTTP_VARINT_MAX + 16;
    }
}
