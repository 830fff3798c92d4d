package drover.common.process;

import drover.common.config.ConfigException;
import drover.common.config.DroverConfig;
import drover.common.link.ControlLink;
import drover.common.link.Hello;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.log.JdkLogging;
import drover.common.log.Log;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Properties;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** What every child JVM sets up first: its arguments, the effective settings, the log and the control link. */
public record ChildContext(ProcessRole role, ChildArgs args, RunDir runDir, DroverConfig config, ControlLink control) {

    /** Boots the common part of a child, or exits with a reason when that is impossible. */
    static ChildContext boot(ProcessRole role, String[] argv) {
        // Ctrl-C in a terminal signals the whole foreground process group, children included. Only
        // the manager acts on it: a graceful stop, workers first and the reactor last. A child that
        // died of it at once would drop its connections and the packets it holds.
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        ChildArgs args = ChildArgs.parse(argv);
        RunDir runDir = new RunDir(args.runDir());
        DroverConfig config;
        try (Reader in = Files.newBufferedReader(runDir.settingsFile())) {
            Properties props = new Properties();
            props.load(in);
            config = DroverConfig.fromProperties(props, runDir.settingsFile().toString());
            Log.configureCaptured(role.name(args.slot()));
            Log.threshold(Log.Level.valueOf(config.logLevel().name()));
            JdkLogging.routeToDroverLog(Log.Level.valueOf(config.logLevel().name())); // the app's JUL and System.Logger too
        } catch (IOException | ConfigException e) {
            System.err.println(role.name(args.slot()) + ": cannot read the settings in " + runDir.settingsFile() + ": " + e.getMessage());
            System.exit(ExitCode.BAD_CONFIG.code());
            throw new AssertionError("unreachable");
        }
        Hello hello = new Hello(role, args.slot(), ProcessHandle.current().pid());
        try {
            ControlLink control = ControlLink.connect(runDir.managerSocket(), hello);
            return new ChildContext(role, args, runDir, config, control);
        } catch (IOException e) {
            Log.error("cannot reach the manager at " + runDir.managerSocket() + ": " + e.getMessage());
            System.exit(ExitCode.ORPHANED.code());
            throw new AssertionError("unreachable");
        }
    }

    public String name() {
        return role.name(args.slot());
    }

    /**
     * Reports why boot failed to the manager, then exits. The manager logs the reason, once; this
     * process logs it only when the manager could not be told.
     */
    void failBoot(ExitCode code, String message) {
        failBoot(code, message, null);
    }

    /**
     * As {@link #failBoot(ExitCode, String)} for a failure the app threw: its stack trace goes to the
     * log too (from here, where it happened), without a line of its own repeating the reason.
     */
    void failBoot(ExitCode code, String message, Throwable cause) {
        if (cause != null) {
            Log.stackTrace(cause);
        }
        if (!control.reportBootError(message)) {
            Log.error(message);
        }
        System.exit(code.code());
    }
}
