package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigLoader;
import drover.common.config.DroverConfig;
import drover.common.link.ProcessRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which jars and flags a child gets: every JVM Drover starts gets the footprint flags, the operator's
 * options come after them, and in server_mode=base a worker runs the base module's jars, without the
 * AOT cache.
 */
class JvmFlagsTest {
    private static final DroverHome HOME = new DroverHome(Path.of("drover-home"));

    private static DroverConfig config(String... sets) throws Exception {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    @Test
    void everyJvmStartsWithTheFootprintFlags() throws Exception {
        DroverConfig config = config();
        assertEquals(JvmFlags.FOOTPRINT, JvmFlags.manager().subList(0, JvmFlags.FOOTPRINT.size()));
        for (ProcessRole role : List.of(ProcessRole.REACTOR, ProcessRole.WORKER, ProcessRole.TASK_WORKER)) {
            List<String> flags = JvmFlags.of(HOME, config, role);
            assertEquals(JvmFlags.FOOTPRINT, flags.subList(0, JvmFlags.FOOTPRINT.size()), role + ": " + flags);
        }
    }

    @Test
    void theManagerStartsFromATwoMebibyteHeapAndServingProcessesFromEight() throws Exception {
        DroverConfig config = config();
        assertEquals(List.of("-Xms2m"), initialHeaps(JvmFlags.manager()));
        assertEquals(List.of("-Xms8m"), initialHeaps(JvmFlags.of(HOME, config, ProcessRole.REACTOR)));
        assertEquals(List.of("-Xms8m"), initialHeaps(JvmFlags.of(HOME, config, ProcessRole.WORKER)));
        assertEquals(List.of("-Xms8m"), initialHeaps(JvmFlags.of(HOME, config, ProcessRole.TASK_WORKER)));
        assertEquals(List.of("-Xms8m"), initialHeaps(JvmFlags.of(HOME, config("server_mode=base"), ProcessRole.WORKER)));
    }

    @Test
    void theOperatorsOptionsComeLastSoThatTheyWin() throws Exception {
        DroverConfig config = config("worker_jvm_options=-Xms64m -Dw=1", "reactor_jvm_options=-Xms32m",
                "task_worker_jvm_options=-Dt=1");
        assertEquals(List.of("-Xms64m", "-Dw=1"), tail(JvmFlags.of(HOME, config, ProcessRole.WORKER), 2));
        assertEquals(List.of("-Xms32m"), tail(JvmFlags.of(HOME, config, ProcessRole.REACTOR), 1));
        assertEquals(List.of("-Dt=1"), tail(JvmFlags.of(HOME, config, ProcessRole.TASK_WORKER), 1));
    }

    @Test
    void theStartScriptRunsTheManagerWithTheSameFlags() throws IOException {
        Path script = Path.of("..", "scripts", "lib", "java.sh");
        String line = Files.readAllLines(script).stream().map(String::strip)
                .filter(l -> l.startsWith("local manager_flags=(")).findFirst()
                .orElseThrow(() -> new AssertionError(script + " sets no manager_flags"));
        assertTrue(line.endsWith(")"), line);
        List<String> flags = Arrays.asList(line.substring("local manager_flags=(".length(), line.length() - 1).split(" +"));
        assertEquals(JvmFlags.manager(), flags, "scripts/lib/java.sh and JvmFlags.manager() differ");
    }

    @Test
    void aProcessModeWorkerRunsTheWorkerJarsAndSharesTheAotCache() throws Exception {
        DroverConfig process = config();
        assertEquals(HOME.classPath("worker"), JvmFlags.classPath(HOME, process, ProcessRole.WORKER));
        assertTrue(JvmFlags.sharesWorkersAotCache(process, ProcessRole.WORKER));
    }

    @Test
    void aBaseModeWorkerRunsTheBaseJarsWithoutTheAotCache() throws Exception {
        DroverConfig base = config("server_mode=base");
        assertEquals(HOME.classPath("base"), JvmFlags.classPath(HOME, base, ProcessRole.WORKER));
        assertFalse(JvmFlags.sharesWorkersAotCache(base, ProcessRole.WORKER));
        assertFalse(JvmFlags.of(HOME, base, ProcessRole.WORKER).contains("-XX:TieredStopAtLevel=1"),
                "C2, as the reactor whose work it does");
        assertTrue(JvmFlags.of(HOME, config(), ProcessRole.WORKER).contains("-XX:TieredStopAtLevel=1"),
                "a process-mode worker: C1 only");
    }

    private static List<String> initialHeaps(List<String> flags) {
        return flags.stream().filter(flag -> flag.startsWith("-Xms")).toList();
    }

    private static List<String> tail(List<String> list, int count) {
        return list.subList(list.size() - count, list.size());
    }
}
