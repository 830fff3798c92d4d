package drover.chronicle;

import drover.common.config.DroverConfig;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import drover.common.payload.StoreDirs;
import drover.common.payload.StoreModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * large_payload=chronicle as common sees it: found through ServiceLoader (META-INF/services), in the
 * children that run the store and, for {@link #jvmOptions} only, in the manager.
 */
public final class ChronicleStoreFactory implements StoreModule {
    /**
     * Without the first three, Chronicle cannot map its files (it reaches into sun.nio.ch and
     * jdk.internal.ref and reflects on java.lang.reflect). The next two stop the JDK's warnings about
     * JNA/jffi loading native code and about sun.misc.Unsafe, which Chronicle uses throughout.
     * chronicle.analytics.disable matters most: Chronicle must never try to send usage analytics from
     * a server. The last stops SLF4J's notice that it has no provider (ChronicleLog routes Chronicle's
     * messages to the Drover log instead). This module's pom gives its tests the same.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dchronicle.analytics.disable=true",
            "-Dslf4j.internal.verbosity=ERROR");

    @Override
    public List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    /** The queues in shm_dir first, then the fallback's files (QueueFirstStore). */
    @Override
    public PayloadStore open(DroverConfig config, long pid, PayloadStore fallback) {
        // Chronicle needs a block of at least 4 times the largest message it holds (docs/CONFIGURATION.md).
        long largest = PayloadLimits.of(config).largest();
        long blockSize = ((4 * largest) + (1 << 20) - 1) & ~((1L << 20) - 1);
        return new QueueFirstStore(open(config.shmDir(), config.runDir(), pid, blockSize), fallback);
    }

    /**
     * @param dir       shm_dir, absolute; created if missing (its parent must exist)
     * @param runDir    the server's run dir, whose tag every queue directory's name carries (StoreDirs)
     * @param pid       this process
     * @param blockSize Chronicle's block size: at least 4 times the largest payload
     */
    ChronicleStore open(Path dir, Path runDir, long pid, long blockSize) {
        // Chronicle's first use costs one to three seconds of class initialisation and set-up on a busy
        // machine: done in the background, it delays neither READY nor the first large payload's event
        // loop (docs/benchmarks-history.md, "Large payloads (issue 6)"). Queue 0 of each process is the
        // throwaway warm-up one.
        Path warmUpQueue = dir.resolve(StoreDirs.name(runDir, pid, 0));
        boolean queueable = Files.isDirectory(dir) || Files.isDirectory(dir.getParent());
        Thread.ofPlatform().daemon().name("chronicle-warm-up").start(() -> {
            ChronicleLog.install();
            if (queueable) {
                Queues.warmUp(warmUpQueue, blockSize);
            }
        });
        return new ChronicleStore(dir, runDir, pid, blockSize);
    }
}
