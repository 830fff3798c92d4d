package drover.reactor.websocket;

import drover.common.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The server's side of the opening handshake (RFC 6455 section 4.2). */
public final class Handshake {
    /** Appended to the client's key before hashing (section 1.3). */
    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /** Whether the request asks for a WebSocket (an Upgrade field with the websocket token); others are plain HTTP. */
    public static boolean isUpgradeRequest(HttpHeaders headers) {
        return hasToken(headers.all("Upgrade"), "websocket");
    }

    /**
     * Checks an upgrade request: GET over HTTP/1.1, "Upgrade: websocket", "Connection: Upgrade",
     * one Sec-WebSocket-Key that is 16 bytes in base64, and Sec-WebSocket-Version 13 (else 426,
     * naming the version served). Negotiates permessage-deflate when compression is on.
     *
     * @param version "HTTP/1.0" or "HTTP/1.1"
     */
    public static HandshakeOutcome check(String method, String version, HttpHeaders headers, boolean compression) {
        if (!method.equals("GET")) {
            return refuse("a WebSocket upgrade must be a GET, not " + method);
        }
        if (!version.equals("HTTP/1.1")) {
            return refuse("a WebSocket upgrade needs HTTP/1.1, not " + version);
        }
        if (!isUpgradeRequest(headers)) {
            return refuse("no \"Upgrade: websocket\" field");
        }
        if (!hasToken(headers.all("Connection"), "upgrade")) {
            return refuse("no \"Connection: Upgrade\" field");
        }
        List<String> versions = headers.all("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return new HandshakeOutcome.Refused(426, "Sec-WebSocket-Version " + versions + " is not served; expected 13");
        }
        List<String> keys = headers.all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            return refuse("Sec-WebSocket-Key " + keys + ": expected one value, 16 bytes in base64");
        }
        DeflateParameters deflate = compression
                ? DeflateParameters.negotiate(headers.all("Sec-WebSocket-Extensions"), false).orElse(null) : null;
        return new HandshakeOutcome.Accepted(acceptValue(keys.get(0).trim()), headers.get("Origin"),
                tokens(headers.all("Sec-WebSocket-Protocol")), deflate);
    }

    /** Sec-WebSocket-Accept: base64(SHA-1(key + GUID)). */
    public static String acceptValue(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    static boolean isValidKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;    // 16 bytes are always 24 base64 characters, the last two "=="
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;    // not base64: the caller refuses the key with 400
        }
    }

    private static boolean hasToken(List<String> fields, String token) {
        return tokens(fields).stream().anyMatch(t -> t.equalsIgnoreCase(token));
    }

    private static List<String> tokens(List<String> fields) {
        List<String> tokens = new ArrayList<>();
        for (String field : fields) {
            for (String token : field.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    tokens.add(trimmed);
                }
            }
        }
        return tokens;
    }

    private static HandshakeOutcome.Refused refuse(String message) {
        return new HandshakeOutcome.Refused(400, message);
    }
}
