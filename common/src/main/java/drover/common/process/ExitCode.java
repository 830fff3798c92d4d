package drover.common.process;

/** Exit codes every Drover process uses, one table (docs/OPERATIONS.md). */
public enum ExitCode {
    OK(0),
    /** Uncaught failure at run time. */
    CRASHED(1),
    /** Bad command line or settings. */
    BAD_CONFIG(2),
    /** The process could not boot (app jar, class, onWorkerStart threw). */
    BOOT_FAILED(3),
    /** The reactor could not listen on its address. */
    LISTEN_FAILED(4),
    /** Another manager already runs in the run directory. */
    ALREADY_RUNNING(5),
    /** The control link to the manager closed: the manager is gone. */
    ORPHANED(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static String describe(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c.name();
            }
        }
        if (code > 128) {
            return "signal " + (code - 128);
        }
        return "exit " + code;
    }
}
