package drover.common.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The protocol a listener's connections speak: the framing layer on top of its stack. */
public enum ListenerProtocol {
    /** HTTP/1.1 requests, for an HttpApp (docs/HTTP.md). */
    HTTP("http"),
    /** Packets with a length field (package_length_type and friends). */
    LENGTH("length"),
    /** Packets ending with package_eof (split at each, or open_eof_check's whole-buffer check). */
    EOF("eof"),
    /** Whatever one read delivered is one packet. */
    RAW("raw");

    private final String suffix;

    ListenerProtocol(String suffix) {
        this.suffix = suffix;
    }

    /** Its name after a listen entry's '/'. */
    public String suffix() {
        return suffix;
    }

    /** Served by an HttpApp (else by a DroverApp's onReceive). */
    public boolean isHttp() {
        return this == HTTP;
    }

    /** @throws IllegalArgumentException naming the suffixes that exist */
    public static ListenerProtocol ofSuffix(String suffix) {
        for (ListenerProtocol protocol : values()) {
            if (protocol.suffix.equals(suffix)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown protocol '/" + suffix + "': expected one of "
                + Arrays.stream(values()).map(p -> "/" + p.suffix).collect(Collectors.joining(", ")));
    }
}
