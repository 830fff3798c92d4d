package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** aot_cache, aot_cache_dir, worker_heap_max and sched_policy: read, written back, and refused with a reason. */
class JvmSettingsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static String refusal(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets)).getMessage();
    }

    @Test
    void defaults() throws ConfigException {
        DroverConfig config = withSets("run_dir=some/run");
        assertTrue(config.aotCache());
        assertEquals(Path.of("some/run/aot").toAbsolutePath().normalize(), config.aotCacheDir());
        assertEquals(256L << 20, config.workerHeapMax());
        assertEquals(SchedPolicy.BATCH, config.schedPolicy());
    }

    @Test
    void settingsAreReadAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("aot_cache=false", "aot_cache_dir=caches", "worker_heap_max=3G",
                "sched_policy=normal");
        assertEquals(SchedPolicy.NORMAL, config.schedPolicy());
        assertFalse(config.aotCache());
        assertEquals(Path.of("caches").toAbsolutePath().normalize(), config.aotCacheDir());
        assertEquals(3L << 30, config.workerHeapMax());
        Properties written = config.toProperties();
        assertEquals("3221225472", written.getProperty("worker_heap_max"));
        assertEquals("normal", written.getProperty("sched_policy"));
        assertEquals(config, DroverConfig.fromProperties(written, "written back"));
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertTrue(refusal("aot_cache=yes").contains("invalid aot_cache = 'yes'"), refusal("aot_cache=yes"));
        assertTrue(refusal("worker_heap_max=8M").contains("outside 16777216..1099511627776 bytes"), refusal("worker_heap_max=8M"));
        assertTrue(refusal("worker_heap_max=2000G").contains("outside 16777216..1099511627776 bytes"));
        assertTrue(refusal("worker_heap_max=lots").contains("not a size"), refusal("worker_heap_max=lots"));
        assertTrue(refusal("worker_heap_max=-1M").contains("not a size"));
        String policy = refusal("sched_policy=fifo");
        assertTrue(policy.contains("sched_policy") && policy.contains("batch") && policy.contains("normal"), policy);
    }

    @Test
    void jvmOptionsPerRoleAreSplitAtWhiteSpaceAndWrittenBack() throws ConfigException {
        DroverConfig config = withSets("worker_jvm_options= -Xmx64m  -Dapp.flag=on ",
                "task_worker_jvm_options=-XX:+HeapDumpOnOutOfMemoryError", "reactor_jvm_options=-Dr=1\t-Dr2=2");
        assertEquals(List.of("-Xmx64m", "-Dapp.flag=on"), config.workerJvmOptions());
        assertEquals(List.of("-XX:+HeapDumpOnOutOfMemoryError"), config.taskWorkerJvmOptions());
        assertEquals(List.of("-Dr=1", "-Dr2=2"), config.reactorJvmOptions());
        assertEquals("-Xmx64m -Dapp.flag=on", config.toProperties().getProperty("worker_jvm_options"));
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "written"));
        assertEquals(List.of(), withSets().workerJvmOptions(), "none by default");
    }

    @Test
    void jvmOptionsThatWouldBreakTheCommandLineAreRefused() {
        String notAnOption = refusal("worker_jvm_options=-Xmx64m app.Main");
        assertTrue(notAnOption.contains("invalid worker_jvm_options") && notAnOption.contains("'app.Main' is not an option"),
                notAnOption);
        for (String classPath : List.of("-cp x.jar", "-classpath x.jar", "--class-path=x.jar", "-jar")) {
            String message = refusal("reactor_jvm_options=" + classPath);
            assertTrue(message.contains("would replace the class path"), message);
        }
    }
}
