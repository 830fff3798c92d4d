package drover.common.config;

import java.util.List;

/**
 * The checks across settings that no one setting's parse can make (two framings at once, HTTP with a
 * dispatch mode that reorders responses, a length field beyond the largest packet...). Each failure
 * names the settings involved, where each value came from, and what would be accepted.
 */
final class ConfigChecks {
    private final DroverConfig config;
    private final LayeredSettings settings;

    private ConfigChecks(DroverConfig config, LayeredSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    /** Runs every check on a config just read from these settings; the first that fails throws. */
    static void check(DroverConfig config, LayeredSettings settings) throws ConfigException {
        new ConfigChecks(config, settings).checkAll();
    }

    // A listener marked /ssl without a certificate could only fail every handshake: refuse the start instead.
    static void tlsListeners(List<ListenerSpec> listeners, TlsSettings tls, LayeredSettings settings)
            throws ConfigException {
        ListenerSpec first = listeners.stream().filter(ListenerSpec::tls).findFirst().orElse(null);
        if (first != null && !tls.enabled()) {
            throw new ConfigException(Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN)
                    + ") has a TLS listener " + first + " but " + Setting.SSL_CERT_FILE.key()
                    + " is empty: expected " + Setting.SSL_CERT_FILE.key() + " and " + Setting.SSL_KEY_FILE.key()
                    + " (docs/TLS.md)");
        }
    }

    private void checkAll() throws ConfigException {
        lengthFieldFits();
        sharedPorts();
        oneFraming();
        oneProtocol();
        httpDispatch();
        httpPacketFits();
        heartbeat();
        proxyListeners();
        baseMode();
    }

    // A length field that ends beyond the largest allowed packet could never be read.
    private void lengthFieldFits() throws ConfigException {
        if (!config.openLengthCheck()) {
            return;
        }
        long fieldEnd = (long) config.packageLengthOffset() + config.packageLengthType().size();
        if (fieldEnd > config.packageMaxLength()) {
            throw new ConfigException(Setting.OPEN_LENGTH_CHECK.key() + " is true but the length field does not fit"
                    + " in the largest packet: " + Setting.PACKAGE_LENGTH_OFFSET.key() + " "
                    + config.packageLengthOffset() + " (from " + settings.source(Setting.PACKAGE_LENGTH_OFFSET) + ") + "
                    + Setting.PACKAGE_LENGTH_TYPE.key() + " " + config.packageLengthType() + " size " + config.packageLengthType().size()
                    + " = " + fieldEnd + " > " + Setting.PACKAGE_MAX_LENGTH.key() + " " + config.packageMaxLength() + " (from "
                    + settings.source(Setting.PACKAGE_MAX_LENGTH) + "): expected "
                    + Setting.PACKAGE_LENGTH_OFFSET.key() + " + length field size <= "
                    + Setting.PACKAGE_MAX_LENGTH.key());
        }
    }

    // A listener has one protocol: HTTP requests cannot also be length-prefixed or EOF-delimited packets.
    private void oneProtocol() throws ConfigException {
        if (!config.openHttpProtocol()) {
            return;
        }
        Setting other = config.openLengthCheck() ? Setting.OPEN_LENGTH_CHECK
                : config.openEofSplit() ? Setting.OPEN_EOF_SPLIT : config.openEofCheck() ? Setting.OPEN_EOF_CHECK : null;
        if (other != null) {
            throw new ConfigException(Setting.OPEN_HTTP_PROTOCOL.key() + " (from "
                    + settings.source(Setting.OPEN_HTTP_PROTOCOL) + ") and " + other.key()
                    + " (from " + settings.source(other) + ") are both true: expected at most one protocol per listener");
        }
    }

    // The worker keeps each HTTP connection's responses in request order; that only works when all of
    // a connection's requests reach one worker, which modes 1 and 3 do not promise.
    private void httpDispatch() throws ConfigException {
        if (config.servesHttp() && (config.dispatchMode() == 1 || config.dispatchMode() == 3)) {
            throw new ConfigException(httpSource() + " and " + Setting.DISPATCH_MODE.key()
                    + " is " + config.dispatchMode() + " (from " + settings.source(Setting.DISPATCH_MODE) + "): expected "
                    + Setting.DISPATCH_MODE.key() + " 2, 4 or 5, which keep one connection's requests on one worker"
                    + " so its responses leave in request order");
        }
    }

    /** Which setting makes the server speak HTTP, for error messages. */
    private String httpSource() {
        if (config.openHttpProtocol()) {
            return Setting.OPEN_HTTP_PROTOCOL.key() + " is true";
        }
        return Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has an HTTP listener "
                + config.listeners().stream().filter(l -> l.protocol().isHttp()).findFirst().orElseThrow();
    }

    // An HTTP request packet holds the body and the encoded head: it must fit in one link frame.
    private void httpPacketFits() throws ConfigException {
        long largest = LinkLimits.maxHttpRequestPacket(config.packageMaxLength(), config.httpHeaderMax());
        if (config.servesHttp() && largest > LinkLimits.MAX_LINK_PAYLOAD) {
            throw new ConfigException(Setting.PACKAGE_MAX_LENGTH.key() + " " + config.packageMaxLength() + " (from "
                    + settings.source(Setting.PACKAGE_MAX_LENGTH) + ") is too large with HTTP (" + httpSource() + ")"
                    + ": a request packet of up to " + largest + " bytes (body + 4 x " + Setting.HTTP_HEADER_MAX.key()
                    + " " + config.httpHeaderMax() + ") exceeds the " + LinkLimits.MAX_LINK_PAYLOAD
                    + "-byte link frame limit; expected " + Setting.PACKAGE_MAX_LENGTH.key() + " <= "
                    + (LinkLimits.MAX_LINK_PAYLOAD - (largest - config.packageMaxLength())));
        }
    }

    // Two framings on one stream would disagree about where packets end.
    private void oneFraming() throws ConfigException {
        if (config.openLengthCheck() && (config.openEofCheck() || config.openEofSplit())) {
            Setting eof = config.openEofSplit() ? Setting.OPEN_EOF_SPLIT : Setting.OPEN_EOF_CHECK;
            throw new ConfigException(Setting.OPEN_LENGTH_CHECK.key() + " (from " + settings.source(Setting.OPEN_LENGTH_CHECK)
                    + ") and " + eof.key() + " (from " + settings.source(eof) + ") are both true: expected at most one framing");
        }
    }

    // An idle time with no check would silently never close anything.
    private void heartbeat() throws ConfigException {
        if (config.heartbeatCheckInterval().isZero() && settings.integer(Setting.HEARTBEAT_IDLE_TIME, 0, 86400) != 0) {
            throw new ConfigException(Setting.HEARTBEAT_IDLE_TIME.key() + " " + settings.text(Setting.HEARTBEAT_IDLE_TIME)
                    + " (from " + settings.source(Setting.HEARTBEAT_IDLE_TIME) + ") has no effect without "
                    + Setting.HEARTBEAT_CHECK_INTERVAL.key() + ": expected " + Setting.HEARTBEAT_CHECK_INTERVAL.key()
                    + " 1..86400 as well");
        }
    }

    // A /proxy listener honours headers from proxy_protocol_trusted only: with none, the mark would do nothing.
    private void proxyListeners() throws ConfigException {
        ListenerSpec marked = config.listeners().stream().filter(ListenerSpec::proxy).findFirst().orElse(null);
        if (marked != null && config.proxyProtocolTrusted().isEmpty()) {
            throw new ConfigException(Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has "
                    + marked + ", but " + Setting.PROXY_PROTOCOL_TRUSTED.key() + " (from "
                    + settings.source(Setting.PROXY_PROTOCOL_TRUSTED) + ") is empty: expected the balancers' addresses,"
                    + " e.g. --set " + Setting.PROXY_PROTOCOL_TRUSTED.key() + "=10.0.0.0/8");
        }
    }

    // Port 0 means "any free port": each reactor process would get a different one.
    private void sharedPorts() throws ConfigException {
        if (config.reactorProcesses() > 1 && config.listen().stream().anyMatch(address -> address.port() == 0)) {
            throw new ConfigException(Setting.REACTOR_PROCESSES.key() + " " + config.reactorProcesses() + " (from "
                    + settings.source(Setting.REACTOR_PROCESSES) + ") with port 0 in " + Setting.LISTEN.key() + " (from "
                    + settings.source(Setting.LISTEN) + "): expected fixed ports when several reactor processes share them");
        }
    }

    // Base mode serves plain TCP and HTTP/1.1 on each worker's own loop; what needs the reactor process
    // (TLS, the PROXY header, task workers, virtual-thread callbacks) is refused rather than half served.
    private void baseMode() throws ConfigException {
        if (!config.baseMode()) {
            return;
        }
        String listen = Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ")";
        String unsupported = null;
        if (config.listeners().stream().anyMatch(ListenerSpec::tls)) {
            unsupported = listen + " has a TLS listener";
        } else if (config.listeners().stream().anyMatch(ListenerSpec::proxy)) {
            unsupported = listen + " has a /proxy listener";
        } else if (config.listen().stream().anyMatch(address -> address.port() == 0)) {
            unsupported = listen + " has port 0, which would give each worker a port of its own";
        } else if (config.taskWorkerNum() > 0) {
            unsupported = Setting.TASK_WORKER_NUM.key() + " is " + config.taskWorkerNum() + " (from "
                    + settings.source(Setting.TASK_WORKER_NUM) + ")";
        } else if (config.workerMode() != WorkerMode.LOOP) {
            unsupported = Setting.WORKER_MODE.key() + " is " + config.workerMode().label() + " (from "
                    + settings.source(Setting.WORKER_MODE) + ")";
        }
        if (unsupported != null) {
            throw new ConfigException(Setting.SERVER_MODE.key() + " is base (from " + settings.source(Setting.SERVER_MODE)
                    + ") but " + unsupported + ": base mode serves plain TCP and HTTP/1.1 listeners with"
                    + " fixed ports, worker_mode=loop and no task workers; use server_mode=process for this"
                    + " (docs/OPERATIONS.md, \"Base mode\")");
        }
    }
}
