package drover.manager.cli;

import drover.common.frame.ControlMessage.Reply;
import drover.manager.control.ControlClient;
import drover.manager.control.ControlCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stop", description = "Stop the server gracefully (like kill -TERM); returns once the request is taken.")
public final class StopCommand implements Callable<Integer> {
    @Mixin
    RunDirOption runDir;

    @Option(names = "--drain", description = "Only drain: /readyz answers 503 while the server serves on; a later stop completes it.")
    boolean drainOnly;

    @Override
    public Integer call() {
        try {
            Reply reply = ControlClient.ask(runDir.runDir().managerSocket(), drainOnly ? ControlCommand.DRAIN : ControlCommand.STOP);
            (reply.isError() ? System.err : System.out).println("drover: " + reply.text());
            return reply.isError() ? 1 : 0;
        } catch (IOException e) {
            System.err.println("drover: no server answers in " + runDir.runDir().dir() + " (" + e.getMessage() + ")");
            return 1;
        }
    }
}
