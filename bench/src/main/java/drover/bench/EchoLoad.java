package drover.bench;

import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * Load generator for the length-prefixed echo protocol: {@code EchoLoad --port 9501 [--connections 50]
 * [--size 64] [--duration 10s] ...} (--help lists every option). SIGINT or SIGTERM ends it early with
 * the figures so far, so it can run under something else (a reload) and be stopped when that is done.
 */
public final class EchoLoad {
    private EchoLoad() {
    }

    public static void main(String[] args) throws InterruptedException {
        LoadOptions options = new LoadOptions();
        CommandLine commandLine = new CommandLine(options);
        LoadPlan plan;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            plan = options.validate();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("EchoLoad: " + e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        LoadSession session = new LoadSession(plan, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.requestStop(); // a no-op when run() already returned
            try {
                // halt keeps the run's exit code when a signal, not System.exit, started the shutdown
                Runtime.getRuntime().halt(session.awaitExitCode(plan.timeout().toSeconds() + 10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Runtime.getRuntime().halt(1);
            }
        }));
        System.exit(session.run());
    }
}
