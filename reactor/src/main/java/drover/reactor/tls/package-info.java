/** TLS as a layer of a connection's protocol stack, below the framing (docs/TLS.md). */
package drover.reactor.tls;
