package drover.manager;

import drover.manager.cli.PlainStart;
import drover.manager.cli.ReloadCommand;
import drover.manager.cli.StartCommand;
import drover.manager.cli.StatusCommand;
import drover.manager.cli.StopCommand;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The drover command: start, status, reload, stop. scripts/*.sh are thin wrappers around it. */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "drover 0.1.0",
        description = "Swoole-style multi-process server for the JVM.",
        subcommands = {StartCommand.class, StatusCommand.class, ReloadCommand.class, StopCommand.class})
public final class ManagerMain implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        // a plain start skips picocli, whose classes would stay loaded for the server's life (PlainStart)
        Optional<StartCommand> start = PlainStart.parse(args);
        System.exit(start.isPresent() ? start.get().call() : new CommandLine(new ManagerMain()).execute(args));
    }
}
