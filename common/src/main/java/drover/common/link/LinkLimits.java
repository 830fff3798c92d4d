package drover.common.link;

import drover.common.config.DroverConfig;

/** How large one frame on a reactor-worker link may be; both ends check it before writing or allocating. */
public final class LinkLimits {
    /** Replies may be larger than requests; until large payloads (issue 6) a reply is capped here. */
    public static final int MIN_LINK_PAYLOAD = 16 * 1024 * 1024;

    private LinkLimits() {
    }

    public static int maxPayload(DroverConfig config) {
        return Math.max(config.packageMaxLength(), MIN_LINK_PAYLOAD);
    }
}
