package drover.manager;

import drover.common.config.DroverConfig;
import drover.common.config.LargePayload;
import drover.common.payload.ChronicleFlags;
import drover.common.link.RunDir;
import drover.common.process.ProcessRole;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs with ProcessBuilder (a JVM cannot fork). The supervisor's tests replace it with a fake. */
interface ChildLauncher {
    Process launch(Slot slot, int generation) throws IOException;

    /** The real launcher: the manager's own java, flags chosen for fast start and small footprint. */
    static ChildLauncher jvm(DroverHome home, RunDir runDir, DroverConfig config, Path appJar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return (slot, generation) -> {
            List<String> command = new ArrayList<>(List.of(java,
                    "-XX:+UseSerialGC", "-Xshare:auto",
                    // no hsperfdata file in /tmp: a killed child must leave nothing behind
                    "-XX:-UsePerfData",
                    "-Ddrover.debug=" + Boolean.getBoolean("drover.debug")));
            if (slot.role() != ProcessRole.REACTOR) {
                // ARCHITECTURE.md: SerialGC + C1 only gets a worker to ready in ~45 ms on 2 cores. The
                // reactor is started once and carries every packet: it gets C2 (docs/BENCHMARKS.md).
                command.add(1, "-XX:TieredStopAtLevel=1");
            }
            String module = slot.role() == ProcessRole.REACTOR ? "reactor" : "worker";
            String main = switch (slot.role()) {
                case REACTOR -> "drover.reactor.ReactorMain";
                case TASK_WORKER -> "drover.worker.task.TaskWorkerMain";
                default -> "drover.worker.WorkerMain";
            };
            String classPath = home.classPath(module);
            if (config.largePayload() == LargePayload.CHRONICLE) {
                // Only then: Chronicle's jars could clash with an app's (SLF4J, ASM, JNA), and its
                // flags open JDK internals (docs/CONFIGURATION.md, large_payload).
                command.addAll(ChronicleFlags.JVM_OPTIONS);
                classPath += ":" + home.classPath("chronicle");
            }
            command.addAll(List.of("-cp", classPath, main,
                    "--run-dir", runDir.dir().toString(),
                    "--slot", Integer.toString(slot.index()),
                    "--generation", Integer.toString(generation)));
            if (slot.role() != ProcessRole.REACTOR) {
                command.addAll(List.of("--app-jar", appJar.toString()));
            }
            // Output goes through the manager (ChildOutput): stamped with role, slot and pid, and one
            // file to reopen on SIGHUP. If the manager dies, the pipe breaks and so does the control link.
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            ChildOutput.start(process, slot.toString());
            return process;
        };
    }
}
