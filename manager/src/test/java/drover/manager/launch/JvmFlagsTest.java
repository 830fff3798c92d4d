package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.ConfigLoader;
import drover.common.config.DroverConfig;
import drover.common.link.ProcessRole;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jars and flags a child gets: in server_mode=base a worker runs the base module's jars, without the AOT cache. */
class JvmFlagsTest {
    private static final DroverHome HOME = new DroverHome(Path.of("/opt/drover"));

    private static DroverConfig config(String... sets) throws Exception {
        return ConfigLoader.load(null, null, List.of(sets));
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
        assertTrue(JvmFlags.of(HOME, base, ProcessRole.WORKER).contains("-XX:TieredStopAtLevel=1"), "C1 only, as workers");
    }
}
