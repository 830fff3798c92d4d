package drover.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code listen}: an address and the protocol stack its connections get, written
 * {@code host:port[/protocol][/proxy][/ssl]} in that order, e.g. {@code 0.0.0.0:8080/http},
 * {@code 0.0.0.0:8443/http/ssl} or {@code 0.0.0.0:8443/http/proxy/ssl}. An entry without a protocol
 * takes the default one (open_http_protocol, open_length_check, open_eof_*). {@code /proxy} reads a
 * PROXY protocol header from the sources of proxy_protocol_trusted; {@code /ssl} terminates TLS below
 * the framing. {@code /ssl} stays last (as it was before {@code /proxy} existed) with {@code /proxy}
 * just before it; on the wire the PROXY header still comes first, in cleartext, before the TLS
 * handshake. A flag out of that order or named twice is refused.
 *
 * @param named whether the entry named its protocol (kept so the setting prints as written)
 * @param proxy whether the entry carries {@code /proxy}: a PROXY header precedes everything else
 * @param tls   whether the entry is marked {@code /ssl}: TLS is terminated below the framing layer
 */
public record ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named, boolean proxy,
        boolean tls) {
    /** The flag that marks a listener whose balancers send a PROXY protocol header. */
    public static final String PROXY_FLAG = "proxy";
    /** The flag, last in an entry, that puts TLS below the framing layer. */
    public static final String TLS_SUFFIX = "ssl";

    public ListenerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A plaintext listener without a PROXY header. */
    public ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named) {
        this(address, protocol, named, false, false);
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
        boolean tls = takeLast(names, TLS_SUFFIX, address);
        boolean proxy = takeLast(names, PROXY_FLAG, address);
        if (names.size() > 1) {
            throw new IllegalArgumentException("names " + names.size() + " protocols ("
                    + String.join(", ", names) + "): a listener has one framing protocol");
        }
        if (names.isEmpty()) {
            return new ListenerSpec(address, fallback, false, proxy, tls);
        }
        return new ListenerSpec(address, ListenerProtocol.ofSuffix(names.getFirst()), true, proxy, tls);
    }

    /** Removes {@code flag} if it ends {@code names}; refuses it anywhere else or twice. */
    private static boolean takeLast(List<String> names, String flag, HostPort address) {
        boolean present = !names.isEmpty() && names.getLast().equals(flag);
        if (present) {
            names.removeLast();
        }
        if (names.contains(flag)) {
            throw new IllegalArgumentException(
                    (present || names.indexOf(flag) != names.lastIndexOf(flag) ? "names /" + flag + " twice; " : "")
                    + "the flags come in the order /protocol/" + PROXY_FLAG + "/" + TLS_SUFFIX
                    + ", e.g. " + address + "/http/" + PROXY_FLAG + "/" + TLS_SUFFIX);
        }
        return present;
    }

    /** The suffix as written after the address: "/http/proxy/ssl", "/ssl", "/length" or "". */
    public String suffix() {
        return (named ? "/" + protocol.suffix() : "") + (proxy ? "/" + PROXY_FLAG : "")
                + (tls ? "/" + TLS_SUFFIX : "");
    }

    @Override
    public String toString() {
        return address + suffix();
    }
}
