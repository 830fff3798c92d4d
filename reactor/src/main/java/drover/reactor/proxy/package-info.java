/**
 * The PROXY protocol (HAProxy's doc/proxy-protocol.txt), versions 1 and 2: {@code ProxyHeaderDecoder}
 * reads the one header a load balancer writes before a connection's own bytes, fed in any pieces,
 * and gives a {@code ProxyHeader} with the original client's address and the v2 TLVs. Runs in the
 * reactor JVM, on the thread that owns the connection. JDK only, with {@code drover.common.net} for
 * address literals; a protocol layer of the connection uses it, then removes itself.
 */
package drover.reactor.proxy;
