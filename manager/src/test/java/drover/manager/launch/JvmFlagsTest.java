package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.DroverConfig;
import drover.common.link.ProcessRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every JVM Drover starts gets the footprint flags; the operator's options come after them. */
class JvmFlagsTest {
    private static final DroverHome HOME = new DroverHome(Path.of("drover-home"));

    private static DroverConfig config(String... settings) throws Exception {
        Properties properties = new Properties();
        for (String setting : settings) {
            properties.setProperty(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return DroverConfig.fromProperties(properties, "test");
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

    private static List<String> initialHeaps(List<String> flags) {
        return flags.stream().filter(flag -> flag.startsWith("-Xms")).toList();
    }

    private static List<String> tail(List<String> list, int count) {
        return list.subList(list.size() - count, list.size());
    }
}
