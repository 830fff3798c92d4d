package drover.manager.cli;

import drover.common.link.RunDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --run-dir for the commands that talk to a running server (default: run_dir's default, ./run). */
final class RunDirOption {
    @Option(names = "--run-dir", paramLabel = "DIR", description = "The server's run_dir (default: ./run).")
    Path dir = Path.of("run");

    RunDir runDir() {
        return new RunDir(dir.toAbsolutePath().normalize());
    }
}
