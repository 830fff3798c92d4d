package drover.manager.cli;

import drover.manager.control.ControlClient;
import drover.manager.control.ControlCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Show the manager, reactors, workers and the last reload.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    RunDirOption runDir;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() {
        String reply;
        try {
            reply = ControlClient.request(runDir.runDir().managerSocket(), json ? ControlCommand.STATUS : ControlCommand.STATUS_TABLE);
        } catch (IOException e) {
            System.err.println("drover: no server answers in " + runDir.runDir().dir() + " (" + e.getMessage() + ")");
            return 1;
        }
        System.out.println(reply);
        return 0;
    }
}
