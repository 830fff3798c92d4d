package drover.reactor.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What {@link Handshake#check} decided about an upgrade request. */
public sealed interface HandshakeOutcome {
    /**
     * A valid upgrade. The app may still refuse it (its handshake hook) before {@link #response} goes out.
     *
     * @param accept    the Sec-WebSocket-Accept value
     * @param origin    the Origin field, or null when the client sent none (non-browser clients)
     * @param protocols the subprotocols the client offered (Sec-WebSocket-Protocol), in its order
     * @param deflate   the permessage-deflate parameters agreed, or null when the connection runs uncompressed
     */
    record Accepted(String accept, String origin, List<String> protocols, DeflateParameters deflate)
            implements HandshakeOutcome {
        /** The 101 response head; protocol is the subprotocol chosen from {@link #protocols}, or null. */
        public byte[] response(String protocol) {
            if (protocol != null && !protocols.contains(protocol)) {
                throw new IllegalArgumentException("subprotocol " + protocol + " was not offered; offered " + protocols);
            }
            StringBuilder head = new StringBuilder(160)
                    .append("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Accept: ").append(accept).append("\r\n");
            if (deflate != null) {
                head.append("Sec-WebSocket-Extensions: ").append(deflate.responseValue()).append("\r\n");
            }
            if (protocol != null) {
                head.append("Sec-WebSocket-Protocol: ").append(protocol).append("\r\n");
            }
            return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * An upgrade that cannot go ahead: answer with this status and close.
     *
     * @param status  400, 426 (with Sec-WebSocket-Version: 13) or the app's own status
     * @param message why, for the client and the log
     */
    record Refused(int status, String message) implements HandshakeOutcome {
        /** The whole response: status line, headers, a text/plain body, Connection: close. */
        public byte[] response() {
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n"
                    + (status == 426 ? "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n" : "")
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }

        private static String reasonPhrase(int status) {
            return switch (status) {
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 426 -> "Upgrade Required";
                case 429 -> "Too Many Requests";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                default -> "Refused";
            };
        }
    }
}
