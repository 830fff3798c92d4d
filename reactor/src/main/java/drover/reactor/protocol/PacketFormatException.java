package drover.reactor.protocol;

/** A client sent bytes that cannot be a packet of its listener's protocol; the connection is closed. */
public final class PacketFormatException extends Exception {
    public PacketFormatException(String message) {
        super(message);
    }
}
