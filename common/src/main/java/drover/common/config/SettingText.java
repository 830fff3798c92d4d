package drover.common.config;

import java.nio.file.Path;

/**
 * Each setting's effective value as text that LayeredSettings reads back to the same value: what
 * DroverConfig writes for its children ({@link DroverConfig#toProperties()}) and shows in its logs.
 */
final class SettingText {
    private SettingText() {
    }

    // An exhaustive switch: adding a Setting without saying how to write it back does not compile.
    static String of(DroverConfig config, Setting setting) {
        return switch (setting) {
            case LISTEN -> String.join(",", config.listeners().stream().map(ListenerSpec::toString).toList());
            case WORKER_NUM -> Integer.toString(config.workerNum());
            case REACTOR_NUM -> Integer.toString(config.reactorNum());
            case REACTOR_PROCESSES -> Integer.toString(config.reactorProcesses());
            case SERVER_MODE -> config.serverMode().label();
            case RUN_DIR -> config.runDir().toString();
            case LOG_FILE -> config.logFile().map(Path::toString).orElse("");
            case DAEMONIZE -> Boolean.toString(config.daemonize());
            case MAX_WAIT_TIME -> Long.toString(config.maxWaitTime().toSeconds());
            case DRAIN_DELAY -> Long.toString(config.drainDelay().toSeconds());
            case RELOAD_MODE -> config.reloadMode().label();
            case RELOAD_READY_TIMEOUT -> Long.toString(config.reloadReadyTimeout().toSeconds());
            case MAX_REQUEST -> Integer.toString(config.maxRequest());
            case MAX_REQUEST_GRACE -> Integer.toString(config.maxRequestGrace());
            case WORKER_TIMEOUT -> Long.toString(config.workerTimeout().toSeconds());
            case TASK_WORKER_NUM -> Integer.toString(config.taskWorkerNum());
            case TASK_QUEUE_MAX -> Integer.toString(config.taskQueueMax());
            case TASK_MAX_REQUEST -> Integer.toString(config.taskMaxRequest());
            case WORKER_MODE -> config.workerMode().label();
            case OPEN_LENGTH_CHECK -> Boolean.toString(config.openLengthCheck());
            case PACKAGE_LENGTH_TYPE -> config.packageLengthType().name();
            case PACKAGE_LENGTH_OFFSET -> Integer.toString(config.packageLengthOffset());
            case PACKAGE_BODY_OFFSET -> Integer.toString(config.packageBodyOffset());
            case PACKAGE_MAX_LENGTH -> Integer.toString(config.packageMaxLength());
            case OPEN_HTTP_PROTOCOL -> Boolean.toString(config.openHttpProtocol());
            case HTTP_HEADER_MAX -> Integer.toString(config.httpHeaderMax());
            case HTTP_REQUEST_TIMEOUT -> Long.toString(config.httpRequestTimeout().toSeconds());
            case WEBSOCKET_COMPRESSION -> Boolean.toString(config.websocketCompression());
            case WEBSOCKET_AUTO_PONG -> Boolean.toString(config.websocketAutoPong());
            case WEBSOCKET_PASS_FRAGMENTS -> Boolean.toString(config.websocketPassFragments());
            case OPEN_EOF_CHECK -> Boolean.toString(config.openEofCheck());
            case OPEN_EOF_SPLIT -> Boolean.toString(config.openEofSplit());
            case PACKAGE_EOF -> EscapedBytes.encode(config.packageEof());
            case DISPATCH_MODE -> Integer.toString(config.dispatchMode());
            case BUFFER_OUTPUT_SIZE -> Integer.toString(config.bufferOutputSize());
            case CLOSE_ON_WORKER_EXIT -> Boolean.toString(config.closeOnWorkerExit());
            case HEARTBEAT_CHECK_INTERVAL -> Long.toString(config.heartbeatCheckInterval().toSeconds());
            case HEARTBEAT_IDLE_TIME -> Long.toString(config.heartbeatIdleTime().toSeconds());
            case MAX_CONN -> Integer.toString(config.maxConn());
            case PROXY_PROTOCOL_TRUSTED -> config.proxyProtocolTrusted().toString();
            case PROXY_PROTOCOL_TIMEOUT -> Long.toString(config.proxyProtocolTimeout().toSeconds());
            case LARGE_PAYLOAD_THRESHOLD -> Integer.toString(config.largePayloadThreshold());
            case LARGE_PAYLOAD -> config.largePayload().label();
            case TMP_DIR -> config.tmpDir().toString();
            case AOT_CACHE -> Boolean.toString(config.aotCache());
            case AOT_CACHE_DIR -> config.aotCacheDir().toString();
            case WORKER_HEAP_MAX -> Long.toString(config.workerHeapMax());
            case WORKER_JVM_OPTIONS -> String.join(" ", config.workerJvmOptions());
            case TASK_WORKER_JVM_OPTIONS -> String.join(" ", config.taskWorkerJvmOptions());
            case REACTOR_JVM_OPTIONS -> String.join(" ", config.reactorJvmOptions());
            case SCHED_POLICY -> config.schedPolicy().label();
            case SHM_DIR -> config.shmDir().toString();
            case SHM_RING_SIZE -> Integer.toString(config.shmRingSize());
            case TABLES -> TableSpec.format(config.tables());
            case ATOMICS -> String.join(",", config.atomics());
            case SSL_CERT_FILE, SSL_KEY_FILE, SSL_PROTOCOLS, SSL_CIPHERS, SSL_CLIENT_CERT_FILE, SSL_VERIFY_PEER,
                 SSL_HANDSHAKE_TIMEOUT -> config.tls().text(setting);
            case ADMIN_LISTEN -> config.adminListen().map(HostPort::toString).orElse("");
            case LOG_LEVEL -> config.logLevel().label();
            case LOG_FORMAT -> config.logFormat().label();
            case WORKER_MAX_RSS -> Long.toString(config.workerMaxRss());
            case HTTP_ACCESS_LOG -> config.httpAccessLog().map(Path::toString).orElse("");
            case HTTP_ACCESS_LOG_FORMAT -> config.httpAccessLogFormat().label();
        };
    }
}
