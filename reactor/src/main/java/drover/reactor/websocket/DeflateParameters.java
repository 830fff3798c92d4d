package drover.reactor.websocket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The permessage-deflate parameters agreed in the handshake (RFC 7692 section 7.1). java.util.zip's
 * Deflater always uses a 32 KiB window, so an offer limiting the server's window below 15 bits is
 * declined (the next offer may fit); the client may use any window, which Inflater reads.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param clientNoContextTakeover the client said it resets its compressor after each message
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
    static final String EXTENSION = "permessage-deflate";

    /** The Sec-WebSocket-Extensions value of the 101. */
    public String responseValue() {
        return EXTENSION + (serverNoContextTakeover ? "; server_no_context_takeover" : "")
                + (clientNoContextTakeover ? "; client_no_context_takeover" : "");
    }

    /**
     * The first permessage-deflate offer in the Sec-WebSocket-Extensions fields that the server can
     * accept; empty when there is none (the connection then runs uncompressed). An offer with an
     * unknown, repeated or malformed parameter is declined, as section 7.1 asks.
     *
     * @param fields                   every Sec-WebSocket-Extensions value, in order
     * @param preferNoContextTakeover  reset the compressor after each message even if the client did not ask
     *                                 (saves the 32 KiB window per connection between messages)
     */
    public static Optional<DeflateParameters> negotiate(List<String> fields, boolean preferNoContextTakeover) {
        for (String field : fields) {
            for (String offer : splitOutsideQuotes(field, ',')) {
                List<String> parts = splitOutsideQuotes(offer, ';');
                if (parts.isEmpty() || !parts.get(0).trim().equalsIgnoreCase(EXTENSION)) {
                    continue;
                }
                Optional<DeflateParameters> accepted = accept(parts.subList(1, parts.size()), preferNoContextTakeover);
                if (accepted.isPresent()) {
                    return accepted;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<DeflateParameters> accept(List<String> parameters, boolean preferNoContextTakeover) {
        boolean serverNoContext = preferNoContextTakeover;
        boolean clientNoContext = false;
        Set<String> seen = new HashSet<>();
        for (String parameter : parameters) {
            int eq = parameter.indexOf('=');
            String name = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(parameter.substring(eq + 1).trim());
            if (!seen.add(name)) {
                return Optional.empty();
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    if (windowBits(value) != 15) {
                        return Optional.empty();   // Deflater cannot use a smaller window
                    }
                }
                case "client_max_window_bits" -> {
                    if (value != null && windowBits(value) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new DeflateParameters(serverNoContext, clientNoContext));
    }

    /** 8..15 for a valid value ("1*DIGIT" without a leading zero), -1 otherwise. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
