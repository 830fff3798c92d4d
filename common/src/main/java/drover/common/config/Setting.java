package drover.common.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every setting Drover understands, under its Swoole name. Validation refuses any key not listed
 * here, and docs/CONFIGURATION.md documents each one (a test keeps the two in step).
 */
public enum Setting {
    LISTEN("listen", "127.0.0.1:9501",
            "one or more host:port or host:port/protocol (http, length, eof, raw), separated by commas; IPv6 in"
                    + " brackets, e.g. [::1]:9501; port 0..65535, 0 = any free port",
            "Addresses the reactor accepts client connections on, each with the protocol its suffix names."),
    WORKER_NUM("worker_num", () -> String.valueOf(cores(1024)), "number of CPU cores (at most 1024)",
            "integer 1..1024",
            "Number of worker processes running the application's handlers."),
    REACTOR_NUM("reactor_num", () -> String.valueOf(cores(64)), "number of CPU cores (at most 64)",
            "integer 1..64",
            "Reactor threads per reactor process; each one owns a share of the connections."),
    SERVER_MODE("server_mode", "process",
            "process or base",
            "Who owns the client sockets: a reactor process that hands packets to the workers (process), or"
                    + " each worker itself, binding every listener with SO_REUSEPORT (base, Swoole's SWOOLE_BASE)."),
    REACTOR_PROCESSES("reactor_processes", "1",
            "integer 1..64",
            "Reactor processes; more than one share each listening port with SO_REUSEPORT and split the connections."),
    RUN_DIR("run_dir", "run",
            "directory path, resolved against the current directory",
            "Directory for the pid file, the effective settings and other runtime files."),
    LOG_FILE("log_file", "", "empty (standard error)",
            "empty, or a file path resolved against the current directory",
            "File the server logs to; empty means standard error."),
    DAEMONIZE("daemonize", "false",
            "true or false",
            "Detach from the terminal and run in the background, like the --daemon flag."),
    MAX_WAIT_TIME("max_wait_time", "3",
            "integer seconds 0..3600",
            "How long stop and reload wait for a worker to finish before killing it."),
    DRAIN_DELAY("drain_delay", "0",
            "integer seconds 0..3600",
            "How long a stop answers 503 on /readyz while still serving, before it stops accepting."),
    RELOAD_MODE("reload_mode", "rolling",
            "rolling or all",
            "How a reload replaces the workers: one slot at a time (rolling) or every slot at once (all)."),
    RELOAD_READY_TIMEOUT("reload_ready_timeout", "30",
            "integer seconds 1..3600",
            "How long a reload waits for a new worker to be ready before it gives up and keeps the old ones."),
    MAX_REQUEST("max_request", "0",
            "integer 0..2147483647; 0 = never",
            "Requests (packets) a worker serves before it is replaced by a fresh one, without dropping any."),
    MAX_REQUEST_GRACE("max_request_grace", "", "max_request / 2",
            "integer 0..2147483647, or empty for max_request / 2",
            "Random extra requests, 0..this, added to max_request per worker so that workers do not recycle together."),
    WORKER_TIMEOUT("worker_timeout", "30",
            "integer seconds 0..3600; 0 = never",
            "A worker whose event loop has not beaten for this long is hung: its thread stacks are logged and it is replaced."),
    TASK_WORKER_NUM("task_worker_num", "0",
            "integer 0..1024",
            "Number of task worker processes, which run the app's onTask for the workers; 0 = none."),
    TASK_QUEUE_MAX("task_queue_max", "1024",
            "integer 1..1048576",
            "Tasks that may wait in one task worker (and in a worker while no task worker is linked); a task beyond is refused with an error."),
    TASK_MAX_REQUEST("task_max_request", "0",
            "integer 0..2147483647; 0 = never",
            "Tasks a task worker runs before it is replaced by a fresh one, without losing any."),
    WORKER_MODE("worker_mode", "loop",
            "loop or virtual",
            "Where app callbacks run: on the worker's event-loop thread (loop), or each session on a virtual thread, in order per session (virtual)."),
    OPEN_LENGTH_CHECK("open_length_check", "false",
            "true or false",
            "Split each connection's byte stream into packets using a length field in the packet header."),
    PACKAGE_LENGTH_TYPE("package_length_type", "N",
            "one pack() letter, case-sensitive: c C s S n v l L N V",
            "Width, sign and byte order of the length field."),
    PACKAGE_LENGTH_OFFSET("package_length_offset", "0",
            "integer 0..2147483647",
            "Byte offset of the length field from the start of the packet."),
    PACKAGE_BODY_OFFSET("package_body_offset", "0",
            "integer 0..2147483647",
            "Bytes the declared length does not count: packet size = package_body_offset + declared length."),
    PACKAGE_MAX_LENGTH("package_max_length", "2097152", "2097152 (2 MiB)",
            "size 1..2147483647 bytes: an integer, optionally followed by K, M or G (KiB, MiB, GiB)",
            "Largest packet, header included, that a connection may send; with open_http_protocol, the largest request body."),
    OPEN_HTTP_PROTOCOL("open_http_protocol", "false",
            "true or false",
            "Speak HTTP/1.1 to clients: the reactor parses requests and workers answer them (docs/HTTP.md)."),
    HTTP_HEADER_MAX("http_header_max", "8192", "8192 (8 KiB)",
            "size 256..1048576 bytes: an integer, optionally followed by K or M",
            "Largest request head (request line and header fields); over it 431, or 414 when the request line alone is."),
    HTTP_REQUEST_TIMEOUT("http_request_timeout", "60",
            "integer seconds 0..86400; 0 = no limit",
            "How long a client may take to send a whole request, from its first byte; then 408 and close."),
    WEBSOCKET_COMPRESSION("websocket_compression", "false",
            "true or false",
            "Takes effect on WebSocket listeners: accept permessage-deflate (RFC 7692) when a client offers it."),
    WEBSOCKET_AUTO_PONG("websocket_auto_pong", "true",
            "true or false",
            "Takes effect on WebSocket listeners: the reactor answers each ping; false hands pings and pongs to the app."),
    WEBSOCKET_PASS_FRAGMENTS("websocket_pass_fragments", "false",
            "true or false",
            "Takes effect on WebSocket listeners: each fragment reaches onMessage as it ends (finish false until the last);"
                    + " false reassembles whole messages."),
    OPEN_EOF_CHECK("open_eof_check", "false",
            "true or false",
            "Deliver a connection's bytes once they end with package_eof (several packets may come as one)."),
    OPEN_EOF_SPLIT("open_eof_split", "false",
            "true or false",
            "Split a connection's byte stream at every package_eof, one packet each, package_eof included."),
    PACKAGE_EOF("package_eof", "\\r\\n", "\\r\\n (CR LF)",
            "1..8 bytes; the escapes \\r \\n \\t \\0 \\\\ and \\xHH are decoded; not trimmed",
            "The end-of-packet marker for open_eof_check and open_eof_split."),
    DISPATCH_MODE("dispatch_mode", "2",
            "integer 1..5: 1 round-robin, 2 fixed by session, 3 idle worker, 4 IP hash, 5 uid",
            "How the reactor picks the worker for each packet."),
    BUFFER_OUTPUT_SIZE("buffer_output_size", "2097152", "2097152 (2 MiB)",
            "size 1..2147483647 bytes: an integer, optionally followed by K, M or G (KiB, MiB, GiB)",
            "Most bytes waiting to be written to one connection; a send beyond it fails (HTTP: no request is taken beyond it)."),
    CLOSE_ON_WORKER_EXIT("close_on_worker_exit", "true",
            "true or false",
            "Close a connection (not HTTP) whose last packet a worker that exited unasked never answered."),
    HEARTBEAT_CHECK_INTERVAL("heartbeat_check_interval", "0",
            "integer seconds 0..86400; 0 = no heartbeat check",
            "How often the reactor looks for idle connections."),
    HEARTBEAT_IDLE_TIME("heartbeat_idle_time", "0", "0 (twice heartbeat_check_interval)",
            "integer seconds 0..86400; 0 = twice heartbeat_check_interval",
            "A connection that sent nothing for this long is closed by the heartbeat check."),
    MAX_CONN("max_conn", "100000",
            "integer 1..1000000",
            "Most client connections the reactor holds at once; connections beyond are closed at accept."),
    PROXY_PROTOCOL_TRUSTED("proxy_protocol_trusted", "", "empty (no source)",
            "address ranges separated by commas, each an IPv4 or IPv6 address with an optional /prefix, e.g. 10.0.0.0/8, fd00::/8",
            "On listeners marked /proxy: the sources (the balancers) whose connections must start with a PROXY header."),
    PROXY_PROTOCOL_TIMEOUT("proxy_protocol_timeout", "5",
            "integer seconds 1..3600",
            "On listeners marked /proxy: how long a trusted source may take to send its whole PROXY header."),
    LARGE_PAYLOAD_THRESHOLD("large_payload_threshold", "1048576", "1048576 (1 MiB)",
            "size 4096..67108864 bytes: an integer, optionally followed by K or M",
            "A packet, reply or pipe message larger than this crosses the process links by the large_payload path"
                    + " instead of as one frame, so it never holds up the small frames behind it."),
    LARGE_PAYLOAD("large_payload", "shm",
            "stream, tmpfile, chronicle or shm",
            "How a payload above large_payload_threshold crosses a link: in 1 MiB chunks between the small frames"
                    + " (stream), in a file in tmp_dir whose name the link carries (tmpfile), in a Chronicle Queue"
                    + " in shm_dir whose index the link carries (chronicle), or in a ring in shm_dir that both"
                    + " processes map, the link carrying where it lies (shm)."),
    TMP_DIR("tmp_dir", "", "empty: /dev/shm when it is a writable directory, else the system temp directory",
            "empty, or a directory path resolved against the current directory",
            "Where large_payload=tmpfile puts payload files (drover-*.payload, owner-only)."),
    AOT_CACHE("aot_cache", "true",
            "true or false",
            "Start workers and task workers from a JDK AOT cache of their classes, built by a training run and rebuilt when a jar changes."),
    AOT_CACHE_DIR("aot_cache_dir", "", "empty: the aot directory in run_dir",
            "empty, or a directory path resolved against the current directory",
            "Where the AOT caches are kept (one file per set of jars and JVM flags, the 8 newest); servers may share it."),
    WORKER_HEAP_MAX("worker_heap_max", "256M", "256M (256 MiB)",
            "size 16M..1T: an integer, optionally followed by K, M or G",
            "Largest Java heap (-Xmx) of each worker and task worker JVM; raise it for apps that hold more."),
    WORKER_JVM_OPTIONS("worker_jvm_options", "", "empty (none)", JvmOptions.ACCEPTED,
            "JVM options added to each worker's command line after Drover's own (so they win), e.g. -Xmx512m or -javaagent:...;"
                    + " part of the AOT cache's key."),
    TASK_WORKER_JVM_OPTIONS("task_worker_jvm_options", "", "empty (none)", JvmOptions.ACCEPTED,
            "JVM options added to each task worker's command line after Drover's own (so they win)."),
    REACTOR_JVM_OPTIONS("reactor_jvm_options", "", "empty (none)", JvmOptions.ACCEPTED,
            "JVM options added to each reactor's command line after Drover's own (so they win)."),
    SCHED_POLICY("sched_policy", "batch",
            "batch or normal",
            "Linux CPU scheduling policy of the reactor, workers and task workers: SCHED_BATCH (a woken process does"
                    + " not preempt the running one, so packets move in batches) or SCHED_OTHER."),
    SHM_DIR("shm_dir", "", "empty: /dev/shm/drover-<tag>, the tag from run_dir",
            "empty, or a directory path resolved against the current directory",
            "Where large_payload=chronicle keeps its queues (one directory per link and direction) and"
                    + " large_payload=shm its rings (one file per link and direction). Made 0700 if missing; one that is"
                    + " another user's, open to group or others, or a symbolic link is refused (large payloads then stream)."),
    SHM_RING_SIZE("shm_ring_size", "32M", "32M (32 MiB)",
            "size 1M..1G: an integer, optionally followed by K, M or G",
            "Bytes of payload each large_payload=shm ring holds; a payload that finds no room is streamed instead."
                    + " A ring takes its whole size in shm_dir when it starts taking payloads, and gives it back after 10 s without one."),
    TABLES("tables", "", "empty (no table)",
            "tables separated by ';', each: name rows=1..16777216 key=1..1024 then column:type..., type long, double or bytesN (N 1..65536)",
            "Shared-memory tables every worker and task worker sees (Server.table): made in shm_dir by the manager at start, removed at stop."),
    ATOMICS("atomics", "", "empty (no atomic)",
            "names separated by commas, each 1..32 of a-z, 0-9, _ starting with a letter; at most 1024",
            "Shared-memory long counters every worker and task worker sees (Server.atomic), made at start, removed at stop."),
    SSL_CERT_FILE("ssl_cert_file", "", "empty (no TLS)",
            "empty, or a PEM file path (the certificate chain, the server's own first), resolved against the current directory",
            "The certificate chain TLS listeners present; takes effect on listeners marked /ssl."),
    SSL_KEY_FILE("ssl_key_file", "", "empty (no TLS)",
            "empty, or a PEM file path (an unencrypted PKCS#8, RSA or EC private key), resolved against the current directory",
            "The private key of ssl_cert_file's first certificate; needed with ssl_cert_file."),
    SSL_PROTOCOLS("ssl_protocols", "TLSv1.2,TLSv1.3",
            "TLSv1.2, TLSv1.3 or both, separated by commas",
            "TLS versions the server accepts; older ones are never offered."),
    SSL_CIPHERS("ssl_ciphers", "", "empty (the JDK's default suites)",
            "empty, or cipher suite names as the JDK spells them (e.g. TLS_AES_128_GCM_SHA256), separated by commas or colons",
            "Cipher suites the server accepts, in its order of preference."),
    SSL_CLIENT_CERT_FILE("ssl_client_cert_file", "", "empty (no client certificates)",
            "empty, or a PEM file path of CA certificates, resolved against the current directory",
            "CA certificates that sign the client certificates ssl_verify_peer asks for (mutual TLS)."),
    SSL_VERIFY_PEER("ssl_verify_peer", "false",
            "true or false",
            "Require each TLS client to present a certificate signed by a CA of ssl_client_cert_file."),
    SSL_HANDSHAKE_TIMEOUT("ssl_handshake_timeout", "10",
            "integer seconds 1..3600",
            "How long a TLS client may take to complete its handshake; then the connection is closed."),
    ADMIN_LISTEN("admin_listen", "", "empty (off)",
            "empty, or one host:port (IPv6 in brackets); port 0..65535",
            "Address of the manager's admin HTTP listener: /metrics (Prometheus), /healthz and /readyz; empty means none."),
    LOG_LEVEL("log_level", "info",
            "debug, info, warn or error",
            "The least severe level written to the log, for Drover's lines and the app's logging alike."),
    LOG_FORMAT("log_format", "text",
            "text or json",
            "Log lines as text, or one JSON object a line (time, level, role, slot, pid, message, stack)."),
    WORKER_MAX_RSS("worker_max_rss", "0", "0 (never)",
            "size 0 or 16M..1T: an integer, optionally followed by K, M or G",
            "Resident memory past which a worker or task worker is replaced by a fresh one, without dropping anything."),
    HTTP_ACCESS_LOG("http_access_log", "", "empty (none)",
            "empty, or a file path resolved against the current directory",
            "With open_http_protocol, the file the reactor appends one line per HTTP response to; empty means no access log."),
    HTTP_ACCESS_LOG_FORMAT("http_access_log_format", "common",
            "common or json",
            "Lines of http_access_log: the Common Log Format, or one JSON object a line.");

    private final String key;
    private final Supplier<String> defaultValue;
    private final String defaultText;
    private final String accepted;
    private final String description;
    private final boolean machineDefault;

    Setting(String key, String defaultValue, String accepted, String description) {
        this(key, defaultValue, defaultValue, accepted, description);
    }

    Setting(String key, String defaultValue, String defaultText, String accepted, String description) {
        this(key, () -> defaultValue, defaultText, accepted, description, false);
    }

    Setting(String key, Supplier<String> defaultValue, String defaultText, String accepted, String description) {
        this(key, defaultValue, defaultText, accepted, description, true);
    }

    private Setting(String key, Supplier<String> defaultValue, String defaultText, String accepted, String description,
            boolean machineDefault) {
        this.machineDefault = machineDefault;
        this.key = key;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.accepted = accepted;
        this.description = description;
    }

    /** False only for package_eof, whose whitespace may be the marker itself. */
    boolean trimmed() {
        return this != PACKAGE_EOF;
    }

    /** The Swoole name used in properties files and --set. */
    public String key() {
        return key;
    }

    /** The text used when no source sets this key; computed on this machine for the core-count defaults. */
    String defaultValue() {
        return defaultValue.get();
    }

    /** True when the default is computed on the machine that runs the server (the core counts). */
    boolean machineDefault() {
        return machineDefault;
    }

    /** The default as documented, e.g. "number of CPU cores (at most 64)". */
    String defaultText() {
        return defaultText;
    }

    /** What values are accepted; error messages say "expected " followed by this. */
    String accepted() {
        return accepted;
    }

    /** One line saying what the setting does. */
    String description() {
        return description;
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** "listen, worker_num, ..." for error messages about unknown keys. */
    static String knownKeys() {
        return Arrays.stream(values()).map(Setting::key).collect(Collectors.joining(", "));
    }

    // A machine with more cores than a setting allows must still start with the defaults.
    private static int cores(int max) {
        return Math.min(Runtime.getRuntime().availableProcessors(), max);
    }
}
