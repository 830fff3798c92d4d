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
 *
 * <p>This class holds the values: a setting is one line in each of its fields, its constructor (the
 * parse, from {@link LayeredSettings}) and its accessors. What a setting is (key, default, help) is
 * {@link Setting}; the values left empty and worked out are {@link SettingDefaults}; the checks across
 * settings are {@link ConfigChecks}; the text each value writes back is {@link SettingText}.
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
    private final boolean websocketPassFragments;
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
        websocketPassFragments = settings.bool(Setting.WEBSOCKET_PASS_FRAGMENTS);
        openEofCheck = settings.bool(Setting.OPEN_EOF_CHECK);
        openEofSplit = settings.bool(Setting.OPEN_EOF_SPLIT);
        packageEof = settings.escapedBytes(Setting.PACKAGE_EOF, 1, 8);
        dispatchMode = settings.integer(Setting.DISPATCH_MODE, 1, 5);
        bufferOutputSize = settings.size(Setting.BUFFER_OUTPUT_SIZE);
        closeOnWorkerExit = settings.bool(Setting.CLOSE_ON_WORKER_EXIT);
        heartbeatCheckInterval = Duration.ofSeconds(settings.integer(Setting.HEARTBEAT_CHECK_INTERVAL, 0, 86400));
        heartbeatIdleTime = SettingDefaults.heartbeatIdleTime(
                settings.integer(Setting.HEARTBEAT_IDLE_TIME, 0, 86400), heartbeatCheckInterval);
        maxConn = settings.integer(Setting.MAX_CONN, 1, 1_000_000);
        proxyProtocolTrusted = settings.cidrList(Setting.PROXY_PROTOCOL_TRUSTED);
        proxyProtocolTimeout = Duration.ofSeconds(settings.integer(Setting.PROXY_PROTOCOL_TIMEOUT, 1, 3600));
        largePayloadThreshold = settings.size(Setting.LARGE_PAYLOAD_THRESHOLD, 4096, 64 << 20);
        largePayload = settings.choice(Setting.LARGE_PAYLOAD, LargePayload.class);
        tmpDir = settings.optionalPath(Setting.TMP_DIR).orElseGet(SettingDefaults::tmpDir);
        aotCache = settings.bool(Setting.AOT_CACHE);
        aotCacheDir = settings.optionalPath(Setting.AOT_CACHE_DIR).orElse(runDir.resolve("aot"));
        workerHeapMax = settings.longSize(Setting.WORKER_HEAP_MAX, 16L << 20, 1L << 40);
        workerJvmOptions = settings.jvmOptions(Setting.WORKER_JVM_OPTIONS);
        taskWorkerJvmOptions = settings.jvmOptions(Setting.TASK_WORKER_JVM_OPTIONS);
        reactorJvmOptions = settings.jvmOptions(Setting.REACTOR_JVM_OPTIONS);
        schedPolicy = settings.choice(Setting.SCHED_POLICY, SchedPolicy.class);
        shmDir = settings.optionalPath(Setting.SHM_DIR).orElseGet(() -> SettingDefaults.shmDir(runDir));
        shmRingSize = settings.size(Setting.SHM_RING_SIZE, 1 << 20, 1 << 30);
        listeners = settings.listenerSpecs(Setting.LISTEN,
                SettingDefaults.listenerProtocol(openHttpProtocol, openLengthCheck, openEofSplit || openEofCheck));
        listen = listeners.stream().map(ListenerSpec::address).toList();
        tables = settings.tables(Setting.TABLES);
        atomics = settings.atomics(Setting.ATOMICS);
        tls = TlsSettings.of(settings);
        ConfigChecks.tlsListeners(listeners, tls, settings);
        adminListen = settings.text(Setting.ADMIN_LISTEN).isEmpty() ? null : settings.hostPort(Setting.ADMIN_LISTEN);
        logLevel = settings.choice(Setting.LOG_LEVEL, LogLevel.class);
        logFormat = settings.choice(Setting.LOG_FORMAT, LogFormat.class);
        httpAccessLog = settings.optionalPath(Setting.HTTP_ACCESS_LOG).orElse(null);
        httpAccessLogFormat = settings.choice(Setting.HTTP_ACCESS_LOG_FORMAT, AccessLogFormat.class);
        workerMaxRss = settings.text(Setting.WORKER_MAX_RSS).equals("0")
                ? 0 : settings.longSize(Setting.WORKER_MAX_RSS, 16L << 20, 1L << 40);
    }

    /** Validates layered settings; package-private because {@link ConfigLoader} does the layering. */
    static DroverConfig of(LayeredSettings settings) throws ConfigException {
        DroverConfig config = new DroverConfig(settings);
        ConfigChecks.check(config, settings);
        return config;
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
        return of(settings);
    }

    /** One or more addresses, in the order given. */
    public List<HostPort> listen() { return listen; }

    /** The listeners with their protocols, in the order given (listen). */
    public List<ListenerSpec> listeners() { return listeners; }

    /** Whether some listener serves HTTP (the app must be an HttpApp too). */
    public boolean servesHttp() {
        return listeners.stream().anyMatch(l -> l.protocol().isHttp());
    }

    /** Whether some listener serves packets (the app must be a DroverApp too). */
    public boolean servesPackets() {
        return listeners.stream().anyMatch(l -> !l.protocol().isHttp());
    }

    public int workerNum() { return workerNum; }

    /** How many reactor processes share the listeners (SO_REUSEPORT when more than one). */
    public int reactorProcesses() { return reactorProcesses; }

    /** server_mode: whether a reactor process owns the client sockets, or each worker (base). */
    public ServerMode serverMode() { return serverMode; }

    /** server_mode=base: no reactor process; workers bind the listeners themselves. */
    public boolean baseMode() { return serverMode == ServerMode.BASE; }

    public int reactorNum() { return reactorNum; }

    /** Absolute and normalized. */
    public Path runDir() { return runDir; }

    /** Absolute and normalized; empty means log to standard error. */
    public Optional<Path> logFile() { return logFile; }

    public boolean daemonize() { return daemonize; }

    public Duration maxWaitTime() { return maxWaitTime; }

    /** How long a stop keeps serving with /readyz at 503 before it stops accepting. */
    public Duration drainDelay() { return drainDelay; }

    public WorkerMode workerMode() { return workerMode; }

    public ReloadMode reloadMode() { return reloadMode; }

    public Duration reloadReadyTimeout() { return reloadReadyTimeout; }

    /** Requests a worker serves before it is recycled; 0 = never. */
    public int maxRequest() { return maxRequest; }

    public int maxRequestGrace() { return maxRequestGrace; }

    /** task_worker_num: task worker processes; 0 = none. */
    public int taskWorkerNum() { return taskWorkerNum; }

    /** task_queue_max: tasks that may wait in one task worker. */
    public int taskQueueMax() { return taskQueueMax; }

    /** task_max_request: tasks a task worker runs before it is recycled; 0 = never. */
    public int taskMaxRequest() { return taskMaxRequest; }

    /** How long a worker's loop may go without beating before it counts as hung; zero = never. */
    public Duration workerTimeout() { return workerTimeout; }

    public boolean openLengthCheck() { return openLengthCheck; }

    public LengthType packageLengthType() { return packageLengthType; }

    public int packageLengthOffset() { return packageLengthOffset; }

    public int packageBodyOffset() { return packageBodyOffset; }

    public int packageMaxLength() { return packageMaxLength; }

    public boolean openHttpProtocol() { return openHttpProtocol; }

    /** Largest HTTP request head in bytes, request line included. */
    public int httpHeaderMax() { return httpHeaderMax; }

    /** How long a client may take to send one whole HTTP request; zero means no limit. */
    public Duration httpRequestTimeout() { return httpRequestTimeout; }

    /** Whether WebSocket connections may negotiate permessage-deflate. */
    public boolean websocketCompression() { return websocketCompression; }

    /** Whether the reactor answers WebSocket pings itself rather than handing them to the app. */
    public boolean websocketAutoPong() { return websocketAutoPong; }

    /** Whether each fragment of a WebSocket message reaches the app as it ends, instead of the whole message. */
    public boolean websocketPassFragments() { return websocketPassFragments; }

    public boolean openEofCheck() { return openEofCheck; }

    public boolean openEofSplit() { return openEofSplit; }

    /** A copy of package_eof's bytes, 1..8 of them. */
    public byte[] packageEof() {
        return packageEof.clone();
    }

    /** 1 round-robin, 2 fixed by session, 3 idle worker, 4 IP hash, 5 uid. */
    public int dispatchMode() { return dispatchMode; }

    public int bufferOutputSize() { return bufferOutputSize; }

    /** Raw TCP: close the connections whose unanswered packet died with a worker that exited unasked. */
    public boolean closeOnWorkerExit() { return closeOnWorkerExit; }

    /** Zero when there is no heartbeat check. */
    public Duration heartbeatCheckInterval() { return heartbeatCheckInterval; }

    /** The effective idle time: twice the check interval unless set. */
    public Duration heartbeatIdleTime() { return heartbeatIdleTime; }

    public int maxConn() { return maxConn; }

    /** Sources whose connections to a /proxy listener must start with a PROXY header; empty = none. */
    public CidrList proxyProtocolTrusted() { return proxyProtocolTrusted; }

    /** How long a trusted source may take to send its whole PROXY header. */
    public Duration proxyProtocolTimeout() { return proxyProtocolTimeout; }

    /** Absolute; where large_payload=chronicle keeps its queues and large_payload=shm its rings. */
    public Path shmDir() { return shmDir; }

    /** Bytes of payload each ring of large_payload=shm holds (one ring per link and direction). */
    public int shmRingSize() { return shmRingSize; }

    public LargePayload largePayload() { return largePayload; }

    /** Absolute; where large_payload=tmpfile writes payload files. */
    public Path tmpDir() { return tmpDir; }

    /** aot_cache: whether workers start from an AOT cache built by a training run. */
    public boolean aotCache() { return aotCache; }

    /** Absolute; where the AOT caches are kept. */
    public Path aotCacheDir() { return aotCacheDir; }

    /** sched_policy: the Linux scheduling policy children start under. */
    public SchedPolicy schedPolicy() { return schedPolicy; }

    /** worker_heap_max in bytes: the -Xmx of workers and task workers. */
    public long workerHeapMax() { return workerHeapMax; }

    /** worker_jvm_options: added after Drover's own flags on each worker's command line. */
    public List<String> workerJvmOptions() { return workerJvmOptions; }

    /** task_worker_jvm_options: added after Drover's own flags on each task worker's command line. */
    public List<String> taskWorkerJvmOptions() { return taskWorkerJvmOptions; }

    /** reactor_jvm_options: added after Drover's own flags on each reactor's command line. */
    public List<String> reactorJvmOptions() { return reactorJvmOptions; }

    /** The ssl_* settings of TLS listeners. */
    public TlsSettings tls() { return tls; }

    /** admin_listen: the manager's admin HTTP listener, if any. */
    public Optional<HostPort> adminListen() {
        return Optional.ofNullable(adminListen);
    }

    public LogLevel logLevel() { return logLevel; }

    public LogFormat logFormat() { return logFormat; }

    /** worker_max_rss in bytes; 0 = never recycle for memory. */
    public long workerMaxRss() { return workerMaxRss; }

    /** http_access_log: the file the reactor writes one line per HTTP response to, if any. */
    public Optional<Path> httpAccessLog() {
        return Optional.ofNullable(httpAccessLog);
    }

    public AccessLogFormat httpAccessLogFormat() { return httpAccessLogFormat; }

    /** Payloads above this many bytes take the large-payload path between processes. */
    public int largePayloadThreshold() { return largePayloadThreshold; }

    /** The shared tables the setting {@code tables} declares, in its order. */
    public List<TableSpec> tables() { return tables; }

    /** The shared counters the setting {@code atomics} names, in its order. */
    public List<String> atomics() { return atomics; }

    /** Every setting's effective value as text that {@link #fromProperties} reads back to an equal object. */
    public Properties toProperties() {
        Properties properties = new Properties();
        for (Setting setting : Setting.values()) {
            properties.setProperty(setting.key(), SettingText.of(this, setting));
        }
        return properties;
    }

    // Equal when every setting writes back the same text: SettingText's exhaustive switch keeps this complete.
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
            joiner.add(setting.key() + "=" + SettingText.of(this, setting));
        }
        return joiner.toString();
    }
}
