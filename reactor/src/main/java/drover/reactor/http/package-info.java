/**
 * Reactor JVM: the HTTP/1.1 listener protocol. {@link drover.reactor.http.HttpLayer} is the layer a
 * connection of an HTTP listener gets (back-pressure, the 408 clock, the 502 when a worker dies);
 * {@link drover.reactor.http.HttpFramer} cuts a client's byte stream into requests and hands each
 * one on as a packet in the encoding of {@link drover.common.http.HttpPacketEncoder}; see
 * docs/HTTP.md.
 */
package drover.reactor.http;
