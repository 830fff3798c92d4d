package drover.manager.launch;

import drover.common.config.DroverConfig;
import drover.common.link.LinkSecret;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.manager.child.Slot;
import drover.manager.control.SystemdNotify;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs with ProcessBuilder (a JVM cannot fork). The supervisor's tests replace it with a fake. */
public interface ChildLauncher {
    /** @param appJar the app jar copy a worker or task worker runs (AppJars); null for a reactor */
    Process launch(Slot slot, int generation, Path appJar) throws IOException;

    /**
     * The real launcher: the manager's own java, flags chosen for fast start and small footprint
     * (docs/benchmarks-history.md has the measurements), workers from the AOT cache when it is built.
     */
    static ChildLauncher jvm(DroverHome home, RunDir runDir, DroverConfig config, AotCache aot, Path deployedJar) {
        String java = javaCommand();
        // proved by every worker on its links (LinkGuard); new at each start, passed in the environment,
        // which only this user and root can read, never on the command line, which everyone can
        String linkSecret = LinkSecret.generate();
        return (slot, generation, appJar) -> {
            boolean reactor = slot.role() == ProcessRole.REACTOR;
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(JvmFlags.of(home, config, slot.role()));
            if (aot != null && JvmFlags.sharesWorkersAotCache(config, slot.role())) {
                command.addAll(aot.flags(appJar));
            }
            String main = switch (slot.role()) {
                case REACTOR -> "drover.reactor.ReactorMain";
                case TASK_WORKER -> "drover.worker.task.TaskWorkerMain";
                default -> config.baseMode() ? "drover.base.BaseMain" : "drover.worker.WorkerMain";
            };
            command.addAll(List.of("-cp", JvmFlags.classPath(home, config, slot.role()), main,
                    "--run-dir", runDir.dir().toString(),
                    "--slot", Integer.toString(slot.index()),
                    "--generation", Integer.toString(generation)));
            if (!reactor) {
                // the deployed jar too: its name for messages, its folder for the manifest's Class-Path
                command.addAll(List.of("--app-jar", appJar.toString(), "--app-origin", deployedJar.toString()));
            }
            // Output goes through the manager (ChildOutput): stamped with role, slot and pid, and one
            // file to reopen on SIGHUP. If the manager dies, the pipe breaks and so does the control link.
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true);
            builder.environment().put(LinkSecret.ENV, linkSecret);
            builder.environment().remove(SystemdNotify.ENV); // systemd hears from the manager alone
            Process process = ChildScheduling.launchUnder(config.schedPolicy(), builder::start);
            ChildOutput.start(process, slot.toString());
            return process;
        };
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
