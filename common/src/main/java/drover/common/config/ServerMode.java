package drover.common.config;

/** Which process owns the client sockets (setting server_mode), as Swoole's SWOOLE_PROCESS and SWOOLE_BASE. */
public enum ServerMode implements Choice {
    /** A reactor process accepts and frames; workers get packets over Unix-domain links. */
    PROCESS("process"),
    /**
     * No reactor: each worker binds every listener itself (SO_REUSEPORT) and serves the connections it
     * accepts on its own loop, the app's callbacks on the thread that read the packet.
     */
    BASE("base");

    private final String label;

    ServerMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
