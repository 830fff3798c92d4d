/**
 * The reactor's protocol stack (docs/ARCHITECTURE.md, "The protocol stack"): {@code ProtocolLayer},
 * the {@code LayerContext} a layer acts through, the {@code ProtocolStack} a connection owns, and
 * the packet framings (length field, EOF split or check, raw) run as a {@code FramedPacketLayer}.
 * Knows no connection, socket or thread: a connection offers itself as a {@code ConnectionPort}.
 * Runs in the reactor JVM, on each reactor thread. Depends only on {@code drover.common.config}
 * for the length field's type.
 */
package drover.reactor.protocol;
