package drover.common.payload;

import drover.common.config.DroverConfig;
import drover.common.config.LinkLimits;
import drover.common.frame.FrameHeader;

/**
 * How large messages on a link between two Drover processes may be, and when one is too large to
 * travel as one frame. Both ends build it from the same settings, so what one sends the other accepts.
 *
 * <p>Here rather than in {@code config}: it decides which payloads take a store, and it needs the
 * frame's chunk size; {@code config} stays below both.
 *
 * @param threshold       payloads above this many bytes take the large-payload path (large_payload_threshold)
 * @param largest         the largest payload one message may carry, whole or in parts
 * @param reassemblyBound the most bytes a receiver holds for payloads still arriving in chunks on one
 *                        link; the sender starts no chunked payload that would take it past this
 */
public record PayloadLimits(int threshold, int largest, long reassemblyBound) {
    /** Room for what travels with a packet: an HTTP request's head and the encoding around it. */
    private static final int ENVELOPE = 64 * 1024;
    /** Arrays a little under 2^31 are the JVM's own limit (DroverConfig refuses settings past it). */
    private static final int MAX_ARRAY = LinkLimits.MAX_LINK_PAYLOAD;
    /** Several moderately large payloads may be in flight on one link at once, not just one of the largest. */
    private static final long MIN_REASSEMBLY_BOUND = 64L << 20;

    public PayloadLimits {
        if (threshold < 1 || largest < 1 || reassemblyBound < largest) {
            throw new IllegalArgumentException("payload limits: threshold " + threshold + ", largest " + largest
                    + ", reassembly bound " + reassemblyBound + " (expected positive, and bound >= largest)");
        }
    }

    public static PayloadLimits of(DroverConfig config) {
        long request = (long) config.packageMaxLength() + config.httpHeaderMax() + ENVELOPE;
        if (config.openHttpProtocol()) { // the exact bound of an encoded HTTP request packet
            request = Math.max(request, LinkLimits.maxHttpRequestPacket(config.packageMaxLength(), config.httpHeaderMax()));
        }
        long largest = Math.min(MAX_ARRAY, Math.max(Math.max(request, config.bufferOutputSize()), LinkLimits.MIN_LINK_PAYLOAD));
        return new PayloadLimits(config.largePayloadThreshold(), (int) largest, Math.max(largest, MIN_REASSEMBLY_BOUND));
    }

    /** Whether a payload of this size travels by the large-payload path rather than as one frame. */
    public boolean isLarge(int length) {
        return length > threshold;
    }

    /** The largest frame payload a reader on the link accepts: a whole small payload or one chunk. */
    public int maxFramePayload() {
        return Math.max(FrameHeader.MAX_CHUNK, Math.min(threshold, largest));
    }
}
