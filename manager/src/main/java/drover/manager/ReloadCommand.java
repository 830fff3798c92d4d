package drover.manager;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reload", description = "Reload the workers (like kill -USR1), or the task workers with --tasks (like kill -USR2).")
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    RunDirOption runDir;

    @Option(names = "--tasks", description = "Reload task workers only.")
    boolean tasks;

    @Override
    public Integer call() {
        try {
            String reply = ControlClient.request(runDir.runDir().managerSocket(), tasks ? ControlCommand.RELOAD_TASKS : ControlCommand.RELOAD);
            System.out.println("drover: " + reply);
            return reply.startsWith("ok") ? 0 : 1;
        } catch (IOException e) {
            System.err.println("drover: no server answers in " + runDir.runDir().dir() + " (" + e.getMessage() + ")");
            return 1;
        }
    }
}
