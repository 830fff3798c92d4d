package drover.manager.cli;

import drover.manager.control.ControlClient;
import drover.manager.control.ControlCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", description = "Stop the server gracefully (like kill -TERM); returns once the request is taken.")
public final class StopCommand implements Callable<Integer> {
    @Mixin
    RunDirOption runDir;

    @Override
    public Integer call() {
        try {
            System.out.println("drover: " + ControlClient.request(runDir.runDir().managerSocket(), ControlCommand.STOP));
            return 0;
        } catch (IOException e) {
            System.err.println("drover: no server answers in " + runDir.runDir().dir() + " (" + e.getMessage() + ")");
            return 1;
        }
    }
}
