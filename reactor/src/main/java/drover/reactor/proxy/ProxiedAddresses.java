package drover.reactor.proxy;

import java.net.InetSocketAddress;

/** Where the original connection came from and went to, as far as the header says. */
public sealed interface ProxiedAddresses {
    /** TCP (or, in v2, UDP) over IPv4 or IPv6. */
    record Inet(InetSocketAddress source, InetSocketAddress destination, boolean datagram)
            implements ProxiedAddresses {}

    /** AF_UNIX, v2 only: the socket paths, each up to its first NUL byte. */
    record Unix(String source, String destination, boolean datagram) implements ProxiedAddresses {}

    /** LOCAL, v1 UNKNOWN or v2 UNSPEC: the connection's own addresses stand. */
    record Unknown() implements ProxiedAddresses {}
}
