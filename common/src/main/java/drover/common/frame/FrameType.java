package drover.common.frame;

/** Every frame type on Drover's IPC links, with its wire code. docs/FRAMES.md explains each. */
public enum FrameType {
    /** reactor -> worker: one packet a client sent. */
    DATA(1),
    /** reactor -> worker: a client connected (payload: remote address text). */
    CONNECT(2),
    /** reactor -> worker: a connection closed (payload: reason text). */
    CLOSE(3),
    /** worker -> reactor: bytes to write to a client. */
    SEND(4),
    /** worker -> reactor: close a connection once its output is flushed; with {@link #RESET_FLAG}, at once with a reset. */
    CLOSE_REQUEST(5),
    /** worker -> reactor: stop reading this session's client (Server.pause). */
    PAUSE(6),
    /** worker -> reactor: read this session's client again (Server.resume). */
    RESUME(7),
    /** reactor -> worker: the session's unsent output reached 80% of buffer_output_size (onBufferFull). */
    BUFFER_FULL(8),
    /** reactor -> worker: after BUFFER_FULL, the session's output is all written (onBufferEmpty). */
    BUFFER_EMPTY(9),
    /** worker -> task worker: run a task (session field: task id; worker field: the calling worker's slot; payload: the data). */
    TASK(10),
    /** task worker -> worker: a task's result (session field: task id); with {@link #TASK_FAILED_FLAG} the payload is the reason. */
    FINISH(11),
    /**
     * worker -> reactor -> worker: Server.sendMessage (payload: u32 destination slot + message on the
     * way in, u32 source slot + message on the way out).
     */
    PIPE_MESSAGE(12),
    PAYLOAD_REF(13),
    /** Any process -> the peer it just connected to: who I am (payload: HelloPayload text). */
    HELLO(14),
    /** child -> manager: booted and serving. */
    READY(15),
    /** manager -> child: finish what you hold, take nothing new. */
    DRAIN(16),
    /** manager -> child: stop now (gracefully, within max_wait_time). */
    STOP(17),
    /** control client -> manager, and worker -> manager for reload and stop: a command (payload: its name). */
    COMMAND(18),
    /** manager -> control client: the command's answer (payload: text or JSON). */
    REPLY(19),
    /** child -> manager: why I could not boot, sent just before exiting (payload: message). */
    BOOT_ERROR(20),
    /** reactor -> worker: a SEND or CLOSE_REQUEST could not be carried out (payload: reason). */
    SEND_FAILED(21),
    /** worker -> manager, every second from the worker's loop: alive, and how many requests so far (payload: requests=N). */
    HEARTBEAT(22),
    /** worker -> manager: max_request reached, replace me (payload: reason). The worker serves on until told to stop. */
    RECYCLE(23),
    /** worker -> reactor: dispatch_mode 5, send this session's packets by uid (payload: u64 uid). */
    BIND(24),
    /** manager -> reactor: asks for counters; reactor -> manager: the answer (payload: flat JSON object). */
    STATS(25),
    /** manager -> reactor: the number of worker slots taking new connections changed (TTIN/TTOU; payload: N). */
    WORKER_COUNT(26),
    /** manager -> worker: the task workers ready to take tasks (payload: "slot:generation,..." ASCII; empty: none). */
    TASK_WORKERS(27),
    /**
     * worker -> reactor, HTTP only: the session's oldest unanswered packet (request, owed 100 Continue,
     * rejection or end of input) has its whole response sent; it follows that response's last SEND.
     */
    RESPONSE_END(28),
    /**
     * worker or task worker -> manager, after each HEARTBEAT: the process's heap and GC figures and the
     * app's metrics (payload: AppMetricsEncoder's binary form, docs/FRAMES.md).
     */
    METRICS(29),
    /**
     * reactor -> worker, not HTTP: the server is stopping and reads this session for a little longer;
     * the app may end it where its protocol allows (onDrain). Empty payload.
     */
    SESSION_DRAIN(30);

    /** CONNECT flag: the session's listener speaks HTTP, so its DATA are HTTP request packets (for the HttpApp). */
    public static final int HTTP_SESSION_FLAG = 1;

    /** CONNECT flag: the session came through TLS; the payload carries the handshake's facts ({@link TlsConnectPayload}). */
    public static final int TLS_SESSION_FLAG = 2;

    /**
     * CONNECT flag: a PROXY header named the session's client; its payload ends with what else the
     * header said ({@link ProxyConnectInfo}), after what it would be without this flag.
     */
    public static final int PROXY_SESSION_FLAG = 0x40;

    /** CLOSE_REQUEST flag: drop unsent output and reset the connection (SO_LINGER 0). */
    public static final int RESET_FLAG = 1;

    /**
     * WebSocket (docs/WEBSOCKET.md). Worker to reactor: on SEND a message for the client, its opcode
     * in bits 0..3 ({@link #WEBSOCKET_OPCODE_MASK}); on CLOSE_REQUEST the close handshake, the payload
     * {@link WebSocketWire#close}; on RESPONSE_END the upgrade request is accepted, the payload the
     * chosen subprotocol (UTF-8, empty for none). Reactor to worker: on CLOSE the session was a
     * WebSocket, the payload its close status ({@link WebSocketWire#close}); with {@link #NOTICE_FLAG}
     * on CONNECT and CLOSE, a notice for the worker's set of established connections only.
     */
    public static final int WEBSOCKET_FLAG = 0x10;

    /** SEND with {@link #WEBSOCKET_FLAG}: the bits holding the RFC 6455 opcode. */
    public static final int WEBSOCKET_OPCODE_MASK = 0x0F;

    /** CONNECT and CLOSE with {@link #WEBSOCKET_FLAG}: a WebSocket was established or ended on some worker's session; no callback. */
    public static final int NOTICE_FLAG = 0x20;

    /** FINISH flag: the task failed; the payload is the reason (UTF-8), not a result. */
    public static final int TASK_FAILED_FLAG = 1;

    private static final FrameType[] BY_CODE = new FrameType[64];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or null when the code is unknown. */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
