package drover.common.config;

import java.util.Objects;

/**
 * One entry of {@code listen}: an address and the protocol stack its connections get, written
 * {@code host:port} or {@code host:port/protocol} (e.g. {@code 0.0.0.0:8080/http}). An entry without
 * a suffix takes the default protocol (open_http_protocol, open_length_check, open_eof_*).
 *
 * @param named whether the entry named its protocol (kept so the setting prints as written)
 */
public record ListenerSpec(HostPort address, ListenerProtocol protocol, boolean named) {
    public ListenerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
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
        String[] names = text.substring(slash + 1).split("/", -1);
        if (names.length > 1) {
            throw new IllegalArgumentException("names " + names.length + " protocols ("
                    + String.join(", ", names) + "): a listener has one framing protocol");
        }
        return new ListenerSpec(address, ListenerProtocol.ofSuffix(names[0]), true);
    }

    @Override
    public String toString() {
        return named ? address + "/" + protocol.suffix() : address.toString();
    }
}
