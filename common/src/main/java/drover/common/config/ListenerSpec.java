package drover.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code listen}: an address and the protocol stack its connections get, written
 * {@code host:port}, {@code host:port/protocol} (e.g. {@code 0.0.0.0:8080/http}), each optionally
 * followed by {@code /ssl} for TLS below the framing ({@code 0.0.0.0:8443/http/ssl}). An entry
 * without a protocol takes the default one (open_http_protocol, open_length_check, open_eof_*).
 *
 * @param named whether the entry named its protocol (kept so the setting prints as written)
 * @param tls   whether the entry is marked {@code /ssl}: TLS is terminated below the framing layer
 */
public record ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named, boolean tls) {
    /** The flag after the protocol (or the address) that puts TLS below the framing layer. */
    public static final String TLS_SUFFIX = "ssl";

    public ListenerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A plaintext listener. */
    public ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named) {
        this(address, protocol, named, false);
    }

    /**
     * Parses one entry.
     *
     * @param fallback the protocol of an entry without a suffix
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static ListenerSpec parse(String text, ListenerProtocol fallback) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new ListenerSpec(HostPort.parse(text), fallback, false);
        }
        HostPort address = HostPort.parse(text.substring(0, slash));
        List<String> names = new ArrayList<>(List.of(text.substring(slash + 1).split("/", -1)));
        boolean tls = names.getLast().equals(TLS_SUFFIX);
        if (tls) {
            names.removeLast();
        }
        if (names.contains(TLS_SUFFIX)) {
            throw new IllegalArgumentException("/" + TLS_SUFFIX + " comes last, after the protocol (e.g. "
                    + address + "/http/" + TLS_SUFFIX + ")");
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException("names " + names.size() + " protocols ("
                    + String.join(", ", names) + "): a listener has one framing protocol");
        }
        if (names.isEmpty()) {
            return new ListenerSpec(address, fallback, false, true);
        }
        return new ListenerSpec(address, ListenerProtocol.ofSuffix(names.getFirst()), true, tls);
    }

    /** The suffix as written after the address: "/http/ssl", "/ssl", "/length" or "". */
    public String suffix() {
        return (named ? "/" + protocol.suffix() : "") + (tls ? "/" + TLS_SUFFIX : "");
    }

    @Override
    public String toString() {
        return address + suffix();
    }
}
