package drover.reactor;

import drover.common.config.DroverConfig;
import drover.common.config.ListenerProtocol;
import drover.common.config.ListenerSpec;
import drover.common.http.HttpDate;
import drover.common.payload.PayloadLimits;
import drover.reactor.http.HttpLayer;
import drover.reactor.websocket.WebSocketPolicy;
import drover.reactor.http.HttpLimits;
import drover.reactor.protocol.EofFramer;
import drover.reactor.protocol.FramedPacketLayer;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.ProtocolLayer;
import drover.reactor.protocol.RawFramer;
import drover.reactor.proxy.ProxyHeaderLayer;
import drover.reactor.tls.ReactorTls;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a new connection's protocol stack for its listener's protocol (listen's suffix or the
 * open_* default). One per reactor thread: the HTTP layers share its Date cache.
 */
final class ProtocolLayers {
    private final DroverConfig config;
    private final HttpLimits httpLimits;
    /** HTTP: most bytes a connection's output may hold, a response under way included (docs/HTTP.md). */
    private final long httpOutputCeiling;
    private final HttpDate dates = new HttpDate();
    /** The /ssl listeners' certificate and buffers; null without ssl_cert_file. */
    private ReactorTls tls;

    ProtocolLayers(DroverConfig config) {
        this.config = config;
        this.httpLimits = config.servesHttp() ? HttpLimits.of(config) : null;
        this.httpOutputCeiling = (long) config.bufferOutputSize() + PayloadLimits.of(config).largest();
    }

    /** Connections of the /ssl listeners get TLS below their framing from now on. */
    void serveTls(ReactorTls tls) {
        this.tls = tls;
    }

    /**
     * The layers, bottom first, of a connection accepted on that listener: its PROXY header when
     * proxied (a /proxy listener's trusted source: the header is cleartext, before any TLS), then
     * TLS for /ssl, then the framing.
     */
    List<ProtocolLayer> stackFor(ListenerSpec listener, boolean proxied) throws IOException {
        List<ProtocolLayer> layers = new ArrayList<>(3);
        if (proxied) {
            layers.add(new ProxyHeaderLayer(config.proxyProtocolTimeout().toNanos()));
        }
        if (listener.tls()) {
            if (tls == null) {
                throw new IOException("listener " + listener + " is marked /ssl but this thread has no TLS context");
            }
            layers.add(tls.newLayer(listener.protocol().isHttp()));
        }
        layers.add(framingFor(listener.protocol()));
        return layers;
    }

    private ProtocolLayer framingFor(ListenerProtocol protocol) {
        return switch (protocol) {
            case HTTP -> new HttpLayer(httpLimits, httpOutputCeiling, dates, System::nanoTime,
                    WebSocketPolicy.of(config), !config.baseMode()); // base: see HttpLayer.closesIdleOnDrain
            case LENGTH -> new FramedPacketLayer(new LengthFieldFramer(config.packageLengthType(),
                    config.packageLengthOffset(), config.packageBodyOffset(), config.packageMaxLength()));
            // open_eof_check alone asks for its whole-buffer check; otherwise each marker ends a packet
            case EOF -> new FramedPacketLayer(new EofFramer(config.packageEof(),
                    config.openEofSplit() || !config.openEofCheck(), config.packageMaxLength()));
            case RAW -> new FramedPacketLayer(new RawFramer());
        };
    }
}
