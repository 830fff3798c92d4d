/**
 * Reactor JVM: the WebSocket protocol (RFC 6455) and its permessage-deflate extension (RFC 7692),
 * JDK only and independent of any channel. {@link drover.reactor.websocket.Handshake} checks an
 * upgrade request and writes the 101; {@link drover.reactor.websocket.WebSocketSession} turns a
 * client's bytes into messages and messages into frames, and runs the close handshake and the
 * automatic pong. See docs/WEBSOCKET.md.
 */
package drover.reactor.websocket;
