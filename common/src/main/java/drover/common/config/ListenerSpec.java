package drover.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code listen}: an address and the protocol stack its connections get, written
 * {@code host:port} or {@code host:port/protocol} (e.g. {@code 0.0.0.0:8080/http}). An entry without
 * a protocol suffix takes the default protocol (open_http_protocol, open_length_check, open_eof_*).
 * The flag {@code /proxy} (e.g. {@code 0.0.0.0:8080/http/proxy}) puts a PROXY protocol header layer
 * under it for the sources of proxy_protocol_trusted.
 *
 * @param named whether the entry named its protocol (kept so the setting prints as written)
 * @param proxy whether the entry carries {@code /proxy}
 */
public record ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named, boolean proxy) {
    /** The suffix that marks a listener whose balancers send a PROXY protocol header. */
    public static final String PROXY_FLAG = "proxy";

    public ListenerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
    }

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
        boolean proxy = names.remove(PROXY_FLAG);
        if (names.contains(PROXY_FLAG)) {
            throw new IllegalArgumentException("names /" + PROXY_FLAG + " twice");
        }
        if (names.size() > 1) {
            throw new IllegalArgumentException("names " + names.size() + " protocols ("
                    + String.join(", ", names) + "): a listener has one framing protocol");
        }
        if (names.isEmpty()) {
            return new ListenerSpec(address, fallback, false, proxy);
        }
        return new ListenerSpec(address, ListenerProtocol.ofSuffix(names.getFirst()), true, proxy);
    }

    @Override
    public String toString() {
        return address + (named ? "/" + protocol.suffix() : "") + (proxy ? "/" + PROXY_FLAG : "");
    }
}
