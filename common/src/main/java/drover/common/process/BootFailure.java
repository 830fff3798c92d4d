package drover.common.process;

/** Why a child could not boot, and the exit code that says so to the manager (ChildLifecycle). */
public final class BootFailure extends Exception {
    private final transient ExitCode code;

    /** @param cause the app's own exception (its stack trace goes to the log), or null */
    public BootFailure(ExitCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public BootFailure(ExitCode code, String message) {
        this(code, message, null);
    }

    ExitCode code() {
        return code;
    }
}
