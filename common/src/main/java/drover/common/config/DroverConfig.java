package drover.common.config;

import drover.common.net.CidrList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * The effective, validated settings of one server. Immutable. Paths are absolute and the
 * core-count defaults are already computed, so {@link #toProperties()} describes this server
 * exactly and child processes can rebuild the same object with {@link #fromProperties}.
 */
public final class DroverConfig {
    private final List<HostPort> listen;
    private final List<ListenerSpec> listeners;
    private final int workerNum;
    private final int reactorNum;
    private final int reactorProcesses;
    private final ServerMode serverMode;
    private final Path runDir;
    private final Optional<Path> logFile;
    private final boolean daemonize;
    private final Duration maxWaitTime;
    private final Duration drainDelay;
    private final ReloadMode reloadMode;
    private final Duration reloadReadyTimeout;
    private final int maxRequest;
    private final HostPort adminListen; // null: no admin listener
    private final LogLevel logLevel;
    private final LogFormat logFormat;
    private final long workerMaxRss;
    private final Path httpAccessLog; // null: none
    private final AccessLogFormat httpAccessLogFormat;
    private final int maxRequestGrace;
    private final Duration workerTimeout;
    private final int taskWorkerNum;
    private final int taskQueueMax;
    private final int taskMaxRequest;
    private final WorkerMode workerMode;
    private final boolean openLengthCheck;
    private final LengthType packageLengthType;
    private final int packageLengthOffset;
    private final int packageBodyOffset;
    private final int packageMaxLength;
    private final boolean openHttpProtocol;
    private final int httpHeaderMax;
    private final Duration httpRequestTimeout;
    private final boolean websocketCompression;
    private final boolean websocketAutoPong;
    private final boolean openEofCheck;
    private final boolean openEofSplit;
    private final byte[] packageEof;
    private final int dispatchMode;
    private final int bufferOutputSize;
    private final boolean closeOnWorkerExit;
    private final Duration heartbeatCheckInterval;
    private final Duration heartbeatIdleTime;
    private final int maxConn;
    private final CidrList proxyProtocolTrusted;
    private final Duration proxyProtocolTimeout;
    private final int largePayloadThreshold;
    private final LargePayload largePayload;
    private final Path tmpDir;
    private final boolean aotCache;
    private final Path aotCacheDir;
    private final long workerHeapMax;
    private final List<String> workerJvmOptions;
    private final List<String> taskWorkerJvmOptions;
    private final List<String> reactorJvmOptions;
    private final SchedPolicy schedPolicy;
    private final Path shmDir;
    private final List<TableSpec> tables;
    private final List<String> atomics;
    private final int shmRingSize;
    private final TlsSettings tls;

    private DroverConfig(LayeredSettings settings) throws ConfigException {
        workerNum = settings.integer(Setting.WORKER_NUM, 1, 1024);
        reactorNum = settings.integer(Setting.REACTOR_NUM, 1, 64);
        reactorProcesses = settings.integer(Setting.REACTOR_PROCESSES, 1, 64);
        serverMode = settings.choice(Setting.SERVER_MODE, ServerMode.class);
        runDir = settings.path(Setting.RUN_DIR);
        logFile = settings.optionalPath(Setting.LOG_FILE);
        daemonize = settings.bool(Setting.DAEMONIZE);
        maxWaitTime = Duration.ofSeconds(settings.integer(Setting.MAX_WAIT_TIME, 0, 3600));
        drainDelay = Duration.ofSeconds(settings.integer(Setting.DRAIN_DELAY, 0, 3600));
        reloadMode = settings.choice(Setting.RELOAD_MODE, ReloadMode.class);
        reloadReadyTimeout = Duration.ofSeconds(settings.integer(Setting.RELOAD_READY_TIMEOUT, 1, 3600));
        maxRequest = settings.integer(Setting.MAX_REQUEST, 0, Integer.MAX_VALUE);
        maxRequestGrace = settings.text(Setting.MAX_REQUEST_GRACE).isEmpty()
                ? maxRequest / 2 : settings.integer(Setting.MAX_REQUEST_GRACE, 0, Integer.MAX_VALUE);
        workerTimeout = Duration.ofSeconds(settings.integer(Setting.WORKER_TIMEOUT, 0, 3600));
        taskWorkerNum = settings.integer(Setting.TASK_WORKER_NUM, 0, 1024);
        taskQueueMax = settings.integer(Setting.TASK_QUEUE_MAX, 1, 1 << 20);
        taskMaxRequest = settings.integer(Setting.TASK_MAX_REQUEST, 0, Integer.MAX_VALUE);
        workerMode = settings.choice(Setting.WORKER_MODE, WorkerMode.class);
        openLengthCheck = settings.bool(Setting.OPEN_LENGTH_CHECK);
        packageLengthType = settings.lengthType(Setting.PACKAGE_LENGTH_TYPE);
        packageLengthOffset = settings.integer(Setting.PACKAGE_LENGTH_OFFSET, 0, Integer.MAX_VALUE);
        packageBodyOffset = settings.integer(Setting.PACKAGE_BODY_OFFSET, 0, Integer.MAX_VALUE);
        packageMaxLength = settings.size(Setting.PACKAGE_MAX_LENGTH);
        openHttpProtocol = settings.bool(Setting.OPEN_HTTP_PROTOCOL);
        httpHeaderMax = settings.size(Setting.HTTP_HEADER_MAX, 256, 1 << 20);
        httpRequestTimeout = Duration.ofSeconds(settings.integer(Setting.HTTP_REQUEST_TIMEOUT, 0, 86400));
        websocketCompression = settings.bool(Setting.WEBSOCKET_COMPRESSION);
        websocketAutoPong = settings.bool(Setting.WEBSOCKET_AUTO_PONG);
        openEofCheck = settings.bool(Setting.OPEN_EOF_CHECK);
        openEofSplit = settings.bool(Setting.OPEN_EOF_SPLIT);
        packageEof = settings.escapedBytes(Setting.PACKAGE_EOF, 1, 8);
        dispatchMode = settings.integer(Setting.DISPATCH_MODE, 1, 5);
        bufferOutputSize = settings.size(Setting.BUFFER_OUTPUT_SIZE);
        closeOnWorkerExit = settings.bool(Setting.CLOSE_ON_WORKER_EXIT);
        heartbeatCheckInterval = Duration.ofSeconds(settings.integer(Setting.HEARTBEAT_CHECK_INTERVAL, 0, 86400));
        int idle = settings.integer(Setting.HEARTBEAT_IDLE_TIME, 0, 86400);
        // Swoole's default: a connection may miss one check before it counts as idle.
        heartbeatIdleTime = idle == 0 ? heartbeatCheckInterval.multipliedBy(2) : Duration.ofSeconds(idle);
        maxConn = settings.integer(Setting.MAX_CONN, 1, 1_000_000);
        proxyProtocolTrusted = settings.cidrList(Setting.PROXY_PROTOCOL_TRUSTED);
        proxyProtocolTimeout = Duration.ofSeconds(settings.integer(Setting.PROXY_PROTOCOL_TIMEOUT, 1, 3600));
        largePayloadThreshold = settings.size(Setting.LARGE_PAYLOAD_THRESHOLD, 4096, 64 << 20);
        largePayload = settings.choice(Setting.LARGE_PAYLOAD, LargePayload.class);
        tmpDir = settings.optionalPath(Setting.TMP_DIR).orElseGet(DroverConfig::defaultTmpDir);
        aotCache = settings.bool(Setting.AOT_CACHE);
        aotCacheDir = settings.optionalPath(Setting.AOT_CACHE_DIR).orElse(runDir.resolve("aot"));
        workerHeapMax = settings.longSize(Setting.WORKER_HEAP_MAX, 16L << 20, 1L << 40);
        workerJvmOptions = settings.jvmOptions(Setting.WORKER_JVM_OPTIONS);
        taskWorkerJvmOptions = settings.jvmOptions(Setting.TASK_WORKER_JVM_OPTIONS);
        reactorJvmOptions = settings.jvmOptions(Setting.REACTOR_JVM_OPTIONS);
        schedPolicy = settings.choice(Setting.SCHED_POLICY, SchedPolicy.class);
        shmDir = settings.optionalPath(Setting.SHM_DIR).orElseGet(() -> defaultShmDir(runDir));
        shmRingSize = settings.size(Setting.SHM_RING_SIZE, 1 << 20, 1 << 30);
        listeners = settings.listenerSpecs(Setting.LISTEN, defaultProtocol());
        listen = listeners.stream().map(ListenerSpec::address).toList();
        tables = settings.tables(Setting.TABLES);
        atomics = settings.atomics(Setting.ATOMICS);
        tls = TlsSettings.of(settings);
        checkTlsListeners(settings);
        adminListen = settings.text(Setting.ADMIN_LISTEN).isEmpty() ? null : settings.hostPort(Setting.ADMIN_LISTEN);
        logLevel = settings.choice(Setting.LOG_LEVEL, LogLevel.class);
        logFormat = settings.choice(Setting.LOG_FORMAT, LogFormat.class);
        httpAccessLog = settings.optionalPath(Setting.HTTP_ACCESS_LOG).orElse(null);
        httpAccessLogFormat = settings.choice(Setting.HTTP_ACCESS_LOG_FORMAT, AccessLogFormat.class);
        workerMaxRss = settings.text(Setting.WORKER_MAX_RSS).equals("0")
                ? 0 : settings.longSize(Setting.WORKER_MAX_RSS, 16L << 20, 1L << 40);
        checkLengthFieldFits(settings);
        checkSharedPorts(settings);
        checkOneFraming(settings);
        checkOneProtocol(settings);
        checkHttpDispatch(settings);
        checkHttpPacketFits(settings);
        checkHeartbeat(settings);
        checkProxyListeners(settings);
        checkBaseMode(settings);
    }

    /** Validates layered settings; package-private because {@link ConfigLoader} does the layering. */
    static DroverConfig of(LayeredSettings settings) throws ConfigException {
        return new DroverConfig(settings);
    }

    /**
     * Reads settings written by {@link #toProperties()} (or any properties naming known keys);
     * keys it does not set keep their built-in defaults.
     *
     * @param sourceName where the properties came from, for error messages, e.g. "effective settings /run/x"
     */
    public static DroverConfig fromProperties(Properties properties, String sourceName) throws ConfigException {
        LayeredSettings settings = LayeredSettings.defaults();
        settings.apply(properties, sourceName);
        return new DroverConfig(settings);
    }

    // A length field that ends beyond the largest allowed packet could never be read.
    private void checkLengthFieldFits(LayeredSettings settings) throws ConfigException {
        if (!openLengthCheck) {
            return;
        }
        long fieldEnd = (long) packageLengthOffset + packageLengthType.size();
        if (fieldEnd > packageMaxLength) {
            throw new ConfigException(Setting.OPEN_LENGTH_CHECK.key() + " is true but the length field does not fit"
                    + " in the largest packet: " + Setting.PACKAGE_LENGTH_OFFSET.key() + " "
                    + packageLengthOffset + " (from " + settings.source(Setting.PACKAGE_LENGTH_OFFSET) + ") + "
                    + Setting.PACKAGE_LENGTH_TYPE.key() + " " + packageLengthType + " size " + packageLengthType.size()
                    + " = " + fieldEnd + " > " + Setting.PACKAGE_MAX_LENGTH.key() + " " + packageMaxLength + " (from "
                    + settings.source(Setting.PACKAGE_MAX_LENGTH) + "): expected "
                    + Setting.PACKAGE_LENGTH_OFFSET.key() + " + length field size <= "
                    + Setting.PACKAGE_MAX_LENGTH.key());
        }
    }

    // A listener has one protocol: HTTP requests cannot also be length-prefixed or EOF-delimited packets.
    private void checkOneProtocol(LayeredSettings settings) throws ConfigException {
        if (!openHttpProtocol) {
            return;
        }
        Setting other = openLengthCheck ? Setting.OPEN_LENGTH_CHECK
                : openEofSplit ? Setting.OPEN_EOF_SPLIT : openEofCheck ? Setting.OPEN_EOF_CHECK : null;
        if (other != null) {
            throw new ConfigException(Setting.OPEN_HTTP_PROTOCOL.key() + " (from "
                    + settings.source(Setting.OPEN_HTTP_PROTOCOL) + ") and " + other.key()
                    + " (from " + settings.source(other) + ") are both true: expected at most one protocol per listener");
        }
    }

    // The worker keeps each HTTP connection's responses in request order; that only works when all of
    // a connection's requests reach one worker, which modes 1 and 3 do not promise.
    private void checkHttpDispatch(LayeredSettings settings) throws ConfigException {
        if (servesHttp() && (dispatchMode == 1 || dispatchMode == 3)) {
            throw new ConfigException(httpSource(settings) + " and " + Setting.DISPATCH_MODE.key()
                    + " is " + dispatchMode + " (from " + settings.source(Setting.DISPATCH_MODE) + "): expected "
                    + Setting.DISPATCH_MODE.key() + " 2, 4 or 5, which keep one connection's requests on one worker"
                    + " so its responses leave in request order");
        }
    }

    // A listener marked /ssl without a certificate could only fail every handshake: refuse the start instead.
    private void checkTlsListeners(LayeredSettings settings) throws ConfigException {
        ListenerSpec first = listeners.stream().filter(ListenerSpec::tls).findFirst().orElse(null);
        if (first != null && !tls.enabled()) {
            throw new ConfigException(Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN)
                    + ") has a TLS listener " + first + " but " + Setting.SSL_CERT_FILE.key()
                    + " is empty: expected " + Setting.SSL_CERT_FILE.key() + " and " + Setting.SSL_KEY_FILE.key()
                    + " (docs/TLS.md)");
        }
    }

    /** Which setting makes the server speak HTTP, for error messages. */
    private String httpSource(LayeredSettings settings) {
        if (openHttpProtocol) {
            return Setting.OPEN_HTTP_PROTOCOL.key() + " is true";
        }
        return Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has an HTTP listener "
                + listeners.stream().filter(l -> l.protocol().isHttp()).findFirst().orElseThrow();
    }

    // An HTTP request packet holds the body and the encoded head: it must fit in one link frame.
    private void checkHttpPacketFits(LayeredSettings settings) throws ConfigException {
        long largest = LinkLimits.maxHttpRequestPacket(packageMaxLength, httpHeaderMax);
        if (servesHttp() && largest > LinkLimits.MAX_LINK_PAYLOAD) {
            throw new ConfigException(Setting.PACKAGE_MAX_LENGTH.key() + " " + packageMaxLength + " (from "
                    + settings.source(Setting.PACKAGE_MAX_LENGTH) + ") is too large with HTTP (" + httpSource(settings) + ")"
                    + ": a request packet of up to " + largest + " bytes (body + 4 x " + Setting.HTTP_HEADER_MAX.key()
                    + " " + httpHeaderMax + ") exceeds the " + LinkLimits.MAX_LINK_PAYLOAD
                    + "-byte link frame limit; expected " + Setting.PACKAGE_MAX_LENGTH.key() + " <= "
                    + (LinkLimits.MAX_LINK_PAYLOAD - (largest - packageMaxLength)));
        }
    }

    // Two framings on one stream would disagree about where packets end.
    private void checkOneFraming(LayeredSettings settings) throws ConfigException {
        if (openLengthCheck && (openEofCheck || openEofSplit)) {
            Setting eof = openEofSplit ? Setting.OPEN_EOF_SPLIT : Setting.OPEN_EOF_CHECK;
            throw new ConfigException(Setting.OPEN_LENGTH_CHECK.key() + " (from " + settings.source(Setting.OPEN_LENGTH_CHECK)
                    + ") and " + eof.key() + " (from " + settings.source(eof) + ") are both true: expected at most one framing");
        }
    }

    // An idle time with no check would silently never close anything.
    private void checkHeartbeat(LayeredSettings settings) throws ConfigException {
        if (heartbeatCheckInterval.isZero() && settings.integer(Setting.HEARTBEAT_IDLE_TIME, 0, 86400) != 0) {
            throw new ConfigException(Setting.HEARTBEAT_IDLE_TIME.key() + " " + settings.text(Setting.HEARTBEAT_IDLE_TIME)
                    + " (from " + settings.source(Setting.HEARTBEAT_IDLE_TIME) + ") has no effect without "
                    + Setting.HEARTBEAT_CHECK_INTERVAL.key() + ": expected " + Setting.HEARTBEAT_CHECK_INTERVAL.key()
                    + " 1..86400 as well");
        }
    }

    // A /proxy listener honours headers from proxy_protocol_trusted only: with none, the mark would do nothing.
    private void checkProxyListeners(LayeredSettings settings) throws ConfigException {
        ListenerSpec marked = listeners.stream().filter(ListenerSpec::proxy).findFirst().orElse(null);
        if (marked != null && proxyProtocolTrusted.isEmpty()) {
            throw new ConfigException(Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has "
                    + marked + ", but " + Setting.PROXY_PROTOCOL_TRUSTED.key() + " (from "
                    + settings.source(Setting.PROXY_PROTOCOL_TRUSTED) + ") is empty: expected the balancers' addresses,"
                    + " e.g. --set " + Setting.PROXY_PROTOCOL_TRUSTED.key() + "=10.0.0.0/8");
        }
    }

    /** One or more addresses, in the order given. */
    public List<HostPort> listen() {
        return listen;
    }

    /** The listeners with their protocols, in the order given (listen). */
    public List<ListenerSpec> listeners() {
        return listeners;
    }

    /** Whether some listener serves HTTP (the app must be an HttpApp too). */
    public boolean servesHttp() {
        return listeners.stream().anyMatch(l -> l.protocol().isHttp());
    }

    /** Whether some listener serves packets (the app must be a DroverApp too). */
    public boolean servesPackets() {
        return listeners.stream().anyMatch(l -> !l.protocol().isHttp());
    }

    /** The protocol of a listen entry without a suffix: from open_http_protocol, open_length_check, open_eof_*. */
    private ListenerProtocol defaultProtocol() {
        if (openHttpProtocol) {
            return ListenerProtocol.HTTP;
        }
        if (openLengthCheck) {
            return ListenerProtocol.LENGTH;
        }
        if (openEofSplit || openEofCheck) {
            return ListenerProtocol.EOF;
        }
        return ListenerProtocol.RAW;
    }

    public int workerNum() {
        return workerNum;
    }

    /** How many reactor processes share the listeners (SO_REUSEPORT when more than one). */
    /** server_mode: whether a reactor process owns the client sockets, or each worker (base). */
    public ServerMode serverMode() {
        return serverMode;
    }

    /** server_mode=base: no reactor process; workers bind the listeners themselves. */
    public boolean baseMode() {
        return serverMode == ServerMode.BASE;
    }

    // Base mode serves plain TCP and HTTP/1.1 on each worker's own loop; what needs the reactor process
    // (TLS, the PROXY header, task workers, virtual-thread callbacks) is refused rather than half served.
    private void checkBaseMode(LayeredSettings settings) throws ConfigException {
        if (serverMode != ServerMode.BASE) {
            return;
        }
        String unsupported = null;
        if (listeners.stream().anyMatch(ListenerSpec::tls)) {
            unsupported = Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has a TLS listener";
        } else if (listeners.stream().anyMatch(ListenerSpec::proxy)) {
            unsupported = Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has a /proxy listener";
        } else if (listen.stream().anyMatch(address -> address.port() == 0)) {
            unsupported = Setting.LISTEN.key() + " (from " + settings.source(Setting.LISTEN) + ") has port 0, which"
                    + " would give each worker a port of its own";
        } else if (taskWorkerNum > 0) {
            unsupported = Setting.TASK_WORKER_NUM.key() + " is " + taskWorkerNum + " (from "
                    + settings.source(Setting.TASK_WORKER_NUM) + ")";
        } else if (workerMode != WorkerMode.LOOP) {
            unsupported = Setting.WORKER_MODE.key() + " is " + workerMode.label() + " (from "
                    + settings.source(Setting.WORKER_MODE) + ")";
        }
        if (unsupported != null) {
            throw new ConfigException(Setting.SERVER_MODE.key() + " is base (from " + settings.source(Setting.SERVER_MODE)
                    + ") but " + unsupported + ": base mode serves plain TCP and HTTP/1.1 listeners with"
                    + " fixed ports, worker_mode=loop and no task workers; use server_mode=process for this (docs/OPERATIONS.md, \"Base mode\")");
        }
    }

    public int reactorProcesses() {
        return reactorProcesses;
    }

    // Port 0 means "any free port": each reactor process would get a different one.
    private void checkSharedPorts(LayeredSettings settings) throws ConfigException {
        if (reactorProcesses > 1 && listen.stream().anyMatch(address -> address.port() == 0)) {
            throw new ConfigException(Setting.REACTOR_PROCESSES.key() + " " + reactorProcesses + " (from "
                    + settings.source(Setting.REACTOR_PROCESSES) + ") with port 0 in " + Setting.LISTEN.key() + " (from "
                    + settings.source(Setting.LISTEN) + "): expected fixed ports when several reactor processes share them");
        }
    }

    public int reactorNum() {
        return reactorNum;
    }

    /** Absolute and normalized. */
    public Path runDir() {
        return runDir;
    }

    /** Absolute and normalized; empty means log to standard error. */
    public Optional<Path> logFile() {
        return logFile;
    }

    public boolean daemonize() {
        return daemonize;
    }

    public Duration maxWaitTime() {
        return maxWaitTime;
    }

    /** How long a stop keeps serving with /readyz at 503 before it stops accepting. */
    public Duration drainDelay() {
        return drainDelay;
    }

    public WorkerMode workerMode() {
        return workerMode;
    }

    public ReloadMode reloadMode() {
        return reloadMode;
    }

    public Duration reloadReadyTimeout() {
        return reloadReadyTimeout;
    }

    /** Requests a worker serves before it is recycled; 0 = never. */
    public int maxRequest() {
        return maxRequest;
    }

    public int maxRequestGrace() {
        return maxRequestGrace;
    }

    /** How long a worker's loop may go without beating before it counts as hung; zero = never. */
    /** task_worker_num: task worker processes; 0 = none. */
    public int taskWorkerNum() {
        return taskWorkerNum;
    }

    /** task_queue_max: tasks that may wait in one task worker. */
    public int taskQueueMax() {
        return taskQueueMax;
    }

    /** task_max_request: tasks a task worker runs before it is recycled; 0 = never. */
    public int taskMaxRequest() {
        return taskMaxRequest;
    }

    public Duration workerTimeout() {
        return workerTimeout;
    }

    public boolean openLengthCheck() {
        return openLengthCheck;
    }

    public LengthType packageLengthType() {
        return packageLengthType;
    }

    public int packageLengthOffset() {
        return packageLengthOffset;
    }

    public int packageBodyOffset() {
        return packageBodyOffset;
    }

    public int packageMaxLength() {
        return packageMaxLength;
    }

    public boolean openHttpProtocol() {
        return openHttpProtocol;
    }

    /** Largest HTTP request head in bytes, request line included. */
    public int httpHeaderMax() {
        return httpHeaderMax;
    }

    /** How long a client may take to send one whole HTTP request; zero means no limit. */
    public Duration httpRequestTimeout() {
        return httpRequestTimeout;
    }

    /** Whether WebSocket connections may negotiate permessage-deflate. */
    public boolean websocketCompression() {
        return websocketCompression;
    }

    /** Whether the reactor answers WebSocket pings itself rather than handing them to the app. */
    public boolean websocketAutoPong() {
        return websocketAutoPong;
    }

    public boolean openEofCheck() {
        return openEofCheck;
    }

    public boolean openEofSplit() {
        return openEofSplit;
    }

    /** A copy of package_eof's bytes, 1..8 of them. */
    public byte[] packageEof() {
        return packageEof.clone();
    }

    /** 1 round-robin, 2 fixed by session, 3 idle worker, 4 IP hash, 5 uid. */
    public int dispatchMode() {
        return dispatchMode;
    }

    public int bufferOutputSize() {
        return bufferOutputSize;
    }

    /** Raw TCP: close the connections whose unanswered packet died with a worker that exited unasked. */
    public boolean closeOnWorkerExit() {
        return closeOnWorkerExit;
    }

    /** Zero when there is no heartbeat check. */
    public Duration heartbeatCheckInterval() {
        return heartbeatCheckInterval;
    }

    /** The effective idle time: twice the check interval unless set. */
    public Duration heartbeatIdleTime() {
        return heartbeatIdleTime;
    }

    public int maxConn() {
        return maxConn;
    }

    /** Sources whose connections to a /proxy listener must start with a PROXY header; empty = none. */
    public CidrList proxyProtocolTrusted() {
        return proxyProtocolTrusted;
    }

    /** How long a trusted source may take to send its whole PROXY header. */
    public Duration proxyProtocolTimeout() {
        return proxyProtocolTimeout;
    }

    // A directory of this server's own, so that stop can remove it whole; its tag is the payload files' (ServerTag).
    private static Path defaultShmDir(Path runDir) {
        String tag = ServerTag.prefix(runDir);
        return Path.of("/dev/shm", tag.substring(0, tag.length() - 1));
    }

    /** Absolute; where large_payload=chronicle keeps its queues and large_payload=shm its rings. */
    public Path shmDir() {
        return shmDir;
    }

    /** Bytes of payload each ring of large_payload=shm holds (one ring per link and direction). */
    public int shmRingSize() {
        return shmRingSize;
    }

    // Memory-backed when the machine has it, so a payload file costs a copy, not a disk write.
    private static Path defaultTmpDir() {
        Path shm = Path.of("/dev/shm");
        if (java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    public LargePayload largePayload() {
        return largePayload;
    }

    /** Absolute; where large_payload=tmpfile writes payload files. */
    public Path tmpDir() {
        return tmpDir;
    }

    /** aot_cache: whether workers start from an AOT cache built by a training run. */
    public boolean aotCache() {
        return aotCache;
    }

    /** Absolute; where the AOT caches are kept. */
    public Path aotCacheDir() {
        return aotCacheDir;
    }

    /** sched_policy: the Linux scheduling policy children start under. */
    public SchedPolicy schedPolicy() {
        return schedPolicy;
    }

    /** worker_heap_max in bytes: the -Xmx of workers and task workers. */
    public long workerHeapMax() {
        return workerHeapMax;
    }

    /** worker_jvm_options: added after Drover's own flags on each worker's command line. */
    public List<String> workerJvmOptions() {
        return workerJvmOptions;
    }

    /** task_worker_jvm_options: added after Drover's own flags on each task worker's command line. */
    public List<String> taskWorkerJvmOptions() {
        return taskWorkerJvmOptions;
    }

    /** reactor_jvm_options: added after Drover's own flags on each reactor's command line. */
    public List<String> reactorJvmOptions() {
        return reactorJvmOptions;
    }

    /** The ssl_* settings of TLS listeners. */
    public TlsSettings tls() {
        return tls;
    }

    /** admin_listen: the manager's admin HTTP listener, if any. */
    public Optional<HostPort> adminListen() {
        return Optional.ofNullable(adminListen);
    }

    public LogLevel logLevel() {
        return logLevel;
    }

    public LogFormat logFormat() {
        return logFormat;
    }

    /** worker_max_rss in bytes; 0 = never recycle for memory. */
    public long workerMaxRss() {
        return workerMaxRss;
    }

    /** http_access_log: the file the reactor writes one line per HTTP response to, if any. */
    public Optional<Path> httpAccessLog() {
        return Optional.ofNullable(httpAccessLog);
    }

    public AccessLogFormat httpAccessLogFormat() {
        return httpAccessLogFormat;
    }

    /** Payloads above this many bytes take the large-payload path between processes. */
    public int largePayloadThreshold() {
        return largePayloadThreshold;
    }

    /** The shared tables the setting {@code tables} declares, in its order. */
    public List<TableSpec> tables() {
        return tables;
    }

    /** The shared counters the setting {@code atomics} names, in its order. */
    public List<String> atomics() {
        return atomics;
    }

    /** Every setting's effective value as text that {@link #fromProperties} reads back to an equal object. */
    public Properties toProperties() {
        Properties properties = new Properties();
        for (Setting setting : Setting.values()) {
            properties.setProperty(setting.key(), text(setting));
        }
        return properties;
    }

    // An exhaustive switch: adding a Setting without saying how to write it back does not compile.
    private String text(Setting setting) {
        return switch (setting) {
            case LISTEN -> String.join(",", listeners.stream().map(ListenerSpec::toString).toList());
            case WORKER_NUM -> Integer.toString(workerNum);
            case REACTOR_NUM -> Integer.toString(reactorNum);
            case REACTOR_PROCESSES -> Integer.toString(reactorProcesses);
            case SERVER_MODE -> serverMode.label();
            case RUN_DIR -> runDir.toString();
            case LOG_FILE -> logFile.map(Path::toString).orElse("");
            case DAEMONIZE -> Boolean.toString(daemonize);
            case MAX_WAIT_TIME -> Long.toString(maxWaitTime.toSeconds());
            case DRAIN_DELAY -> Long.toString(drainDelay.toSeconds());
            case RELOAD_MODE -> reloadMode.label();
            case RELOAD_READY_TIMEOUT -> Long.toString(reloadReadyTimeout.toSeconds());
            case MAX_REQUEST -> Integer.toString(maxRequest);
            case MAX_REQUEST_GRACE -> Integer.toString(maxRequestGrace);
            case WORKER_TIMEOUT -> Long.toString(workerTimeout.toSeconds());
            case TASK_WORKER_NUM -> Integer.toString(taskWorkerNum);
            case TASK_QUEUE_MAX -> Integer.toString(taskQueueMax);
            case TASK_MAX_REQUEST -> Integer.toString(taskMaxRequest);
            case WORKER_MODE -> workerMode.label();
            case OPEN_LENGTH_CHECK -> Boolean.toString(openLengthCheck);
            case PACKAGE_LENGTH_TYPE -> packageLengthType.name();
            case PACKAGE_LENGTH_OFFSET -> Integer.toString(packageLengthOffset);
            case PACKAGE_BODY_OFFSET -> Integer.toString(packageBodyOffset);
            case PACKAGE_MAX_LENGTH -> Integer.toString(packageMaxLength);
            case OPEN_HTTP_PROTOCOL -> Boolean.toString(openHttpProtocol);
            case HTTP_HEADER_MAX -> Integer.toString(httpHeaderMax);
            case HTTP_REQUEST_TIMEOUT -> Long.toString(httpRequestTimeout.toSeconds());
            case WEBSOCKET_COMPRESSION -> Boolean.toString(websocketCompression);
            case WEBSOCKET_AUTO_PONG -> Boolean.toString(websocketAutoPong);
            case OPEN_EOF_CHECK -> Boolean.toString(openEofCheck);
            case OPEN_EOF_SPLIT -> Boolean.toString(openEofSplit);
            case PACKAGE_EOF -> EscapedBytes.encode(packageEof);
            case DISPATCH_MODE -> Integer.toString(dispatchMode);
            case BUFFER_OUTPUT_SIZE -> Integer.toString(bufferOutputSize);
            case CLOSE_ON_WORKER_EXIT -> Boolean.toString(closeOnWorkerExit);
            case HEARTBEAT_CHECK_INTERVAL -> Long.toString(heartbeatCheckInterval.toSeconds());
            case HEARTBEAT_IDLE_TIME -> Long.toString(heartbeatIdleTime.toSeconds());
            case MAX_CONN -> Integer.toString(maxConn);
            case PROXY_PROTOCOL_TRUSTED -> proxyProtocolTrusted.toString();
            case PROXY_PROTOCOL_TIMEOUT -> Long.toString(proxyProtocolTimeout.toSeconds());
            case LARGE_PAYLOAD_THRESHOLD -> Integer.toString(largePayloadThreshold);
            case LARGE_PAYLOAD -> largePayload.label();
            case TMP_DIR -> tmpDir.toString();
            case AOT_CACHE -> Boolean.toString(aotCache);
            case AOT_CACHE_DIR -> aotCacheDir.toString();
            case WORKER_HEAP_MAX -> Long.toString(workerHeapMax);
            case WORKER_JVM_OPTIONS -> String.join(" ", workerJvmOptions);
            case TASK_WORKER_JVM_OPTIONS -> String.join(" ", taskWorkerJvmOptions);
            case REACTOR_JVM_OPTIONS -> String.join(" ", reactorJvmOptions);
            case SCHED_POLICY -> schedPolicy.label();
            case SHM_DIR -> shmDir.toString();
            case SHM_RING_SIZE -> Integer.toString(shmRingSize);
            case TABLES -> TableSpec.format(tables);
            case ATOMICS -> String.join(",", atomics);
            case SSL_CERT_FILE, SSL_KEY_FILE, SSL_PROTOCOLS, SSL_CIPHERS, SSL_CLIENT_CERT_FILE, SSL_VERIFY_PEER,
                 SSL_HANDSHAKE_TIMEOUT -> tls.text(setting);
            case ADMIN_LISTEN -> adminListen == null ? "" : adminListen.toString();
            case LOG_LEVEL -> logLevel.label();
            case LOG_FORMAT -> logFormat.label();
            case WORKER_MAX_RSS -> Long.toString(workerMaxRss);
            case HTTP_ACCESS_LOG -> httpAccessLog == null ? "" : httpAccessLog.toString();
            case HTTP_ACCESS_LOG_FORMAT -> httpAccessLogFormat.label();
        };
    }

    // Equal when every setting writes back the same text: the exhaustive text() keeps this complete.
    @Override
    public boolean equals(Object other) {
        return other instanceof DroverConfig that && toProperties().equals(that.toProperties());
    }

    @Override
    public int hashCode() {
        return toProperties().hashCode();
    }

    /** "DroverConfig[listen=127.0.0.1:9501, worker_num=8, ...]", in Setting order, for logs. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "DroverConfig[", "]");
        for (Setting setting : Setting.values()) {
            joiner.add(setting.key() + "=" + text(setting));
        }
        return joiner.toString();
    }
}
