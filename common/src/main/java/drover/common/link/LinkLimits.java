package drover.common.link;

import drover.common.config.DroverConfig;
import drover.common.http.HttpPacketEncoder;

/** How large one frame on a reactor-worker link may be; both ends check it before writing or allocating. */
public final class LinkLimits {
    /** Replies may be larger than requests; until large payloads (issue 6) a reply is capped here. */
    public static final int MIN_LINK_PAYLOAD = 16 * 1024 * 1024;
    /** The largest array a JVM reliably allocates. */
    public static final int MAX_LINK_PAYLOAD = Integer.MAX_VALUE - 8;

    private LinkLimits() {
    }

    /**
     * The largest packet the listener's framing can produce, and at least {@link #MIN_LINK_PAYLOAD}.
     * With open_http_protocol a request packet carries the encoded head besides the body, so it may
     * be larger than package_max_length (DroverConfig refuses limits whose packets would not fit).
     */
    public static int maxPayload(DroverConfig config) {
        long largestPacket = config.openHttpProtocol()
                ? HttpPacketEncoder.maxRequestPacketSize(config.packageMaxLength(), config.httpHeaderMax())
                : config.packageMaxLength();
        return (int) Math.min(MAX_LINK_PAYLOAD, Math.max(largestPacket, MIN_LINK_PAYLOAD));
    }
}
