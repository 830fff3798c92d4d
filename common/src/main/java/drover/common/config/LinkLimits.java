package drover.common.config;

import drover.common.http.HttpPacketEncoder;

/** How large one message on a reactor-worker link may be; both ends check it before writing or allocating. */
public final class LinkLimits {
    /** Messages may always be this large, whatever package_max_length says: replies may be larger than requests. */
    public static final int MIN_LINK_PAYLOAD = 16 * 1024 * 1024;
    /** The largest array a JVM reliably allocates. */
    public static final int MAX_LINK_PAYLOAD = Integer.MAX_VALUE - 8;

    private LinkLimits() {
    }

    /** The largest payload one message may carry (large ones travel in chunks: {@link PayloadLimits}). */
    public static int maxPayload(DroverConfig config) {
        return PayloadLimits.of(config).largest();
    }
}
