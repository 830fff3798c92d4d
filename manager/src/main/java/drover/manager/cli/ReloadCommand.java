package drover.manager.cli;

import drover.common.frame.ControlMessage.Reply;
import drover.manager.control.ControlClient;
import drover.manager.control.ControlCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reload", description = "Reload the workers (like kill -USR1), the task workers with --tasks (like kill -USR2),"
        + " or the TLS certificate and key with --tls (like kill -HUP).")
public final class ReloadCommand implements Callable<Integer> {
    @Mixin
    RunDirOption runDir;

    @Option(names = "--tasks", description = "Reload task workers only.")
    boolean tasks;

    @Option(names = "--tls", description = "Re-read ssl_cert_file and ssl_key_file; print the outcome; exit 1 when the new pair is refused.")
    boolean tls;

    @Option(names = "--wait", description = "Wait until the reload is over; print its outcome; exit 1 with the reason when it failed.")
    boolean await;

    private ControlCommand command() {
        if (tls) {
            return ControlCommand.RELOAD_TLS;
        }
        if (await) {
            return tasks ? ControlCommand.RELOAD_TASKS_WAIT : ControlCommand.RELOAD_WAIT;
        }
        return tasks ? ControlCommand.RELOAD_TASKS : ControlCommand.RELOAD;
    }

    @Override
    public Integer call() {
        try {
            Reply reply = ControlClient.ask(runDir.runDir().managerSocket(), command());
            (reply.isError() ? System.err : System.out).println("drover: " + reply.text());
            return reply.isError() ? 1 : 0;
        } catch (IOException e) {
            System.err.println("drover: no server answers in " + runDir.runDir().dir() + " (" + e.getMessage() + ")");
            return 1;
        }
    }
}
