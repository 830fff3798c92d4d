package drover.reactor.proxy;

/** The v2 command nibble; a v1 header is always {@code PROXY}. */
public enum ProxyCommand {
    /** The balancer's own connection (a health check): use the connection's real addresses. */
    LOCAL(0x0),
    /** Relayed for a client: the header's addresses are the original connection's. */
    PROXY(0x1);

    private final int code;

    ProxyCommand(int code) {
        this.code = code;
    }

    static ProxyCommand ofCode(int code) throws ProxyHeaderException {
        for (ProxyCommand command : values()) {
            if (command.code == code) {
                return command;
            }
        }
        throw new ProxyHeaderException("PROXY v2 command 0x" + Integer.toHexString(code)
                + " is not LOCAL (0x0) or PROXY (0x1)");
    }
}
