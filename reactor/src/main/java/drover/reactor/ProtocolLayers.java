package drover.reactor;

import drover.common.config.DroverConfig;
import drover.common.config.ListenerProtocol;
import drover.common.config.PayloadLimits;
import drover.common.http.HttpDate;
import drover.reactor.http.HttpLayer;
import drover.reactor.http.HttpLimits;
import drover.reactor.protocol.EofFramer;
import drover.reactor.protocol.FramedPacketLayer;
import drover.reactor.protocol.LengthFieldFramer;
import drover.reactor.protocol.ProtocolLayer;
import drover.reactor.protocol.RawFramer;
import drover.reactor.proxy.ProxyHeaderLayer;
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

    ProtocolLayers(DroverConfig config) {
        this.config = config;
        this.httpLimits = config.servesHttp() ? HttpLimits.of(config) : null;
        this.httpOutputCeiling = (long) config.bufferOutputSize() + PayloadLimits.of(config).largest();
    }

    /** A /proxy listener's connection from a trusted source: its PROXY header first, then the protocol's layers. */
    List<ProtocolLayer> proxiedStackFor(ListenerProtocol protocol) {
        List<ProtocolLayer> layers = new ArrayList<>();
        layers.add(new ProxyHeaderLayer(config.proxyProtocolTimeout().toNanos()));
        layers.addAll(stackFor(protocol));
        return layers;
    }

    /** The layers, bottom first, of a connection accepted on a listener of that protocol. */
    List<ProtocolLayer> stackFor(ListenerProtocol protocol) {
        return List.of(switch (protocol) {
            case HTTP -> new HttpLayer(httpLimits, httpOutputCeiling, dates, System::nanoTime);
            case LENGTH -> new FramedPacketLayer(new LengthFieldFramer(config.packageLengthType(),
                    config.packageLengthOffset(), config.packageBodyOffset(), config.packageMaxLength()));
            // open_eof_check alone asks for its whole-buffer check; otherwise each marker ends a packet
            case EOF -> new FramedPacketLayer(new EofFramer(config.packageEof(),
                    config.openEofSplit() || !config.openEofCheck(), config.packageMaxLength()));
            case RAW -> new FramedPacketLayer(new RawFramer());
        });
    }
}
