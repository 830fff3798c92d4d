/**
 * The reactor's packet framers for the non-HTTP protocols (length field, EOF split or check, raw),
 * each turning a client's bytes into whole packets for its {@code PacketSink}, and the
 * {@code PacketFramer} interface the HTTP framer also implements. Runs in the reactor JVM, on each
 * reactor thread. Depends only on {@code drover.common.config} for the length field's type.
 */
package drover.reactor.protocol;
