package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache's name follows its jars and flags; the real training run is covered by AotCacheIT. */
class AotCacheTest {
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    @TempDir
    Path dir;
    private Path workerJar;
    private Path libJar;
    private Path appJar;

    @BeforeEach
    void jars() throws IOException {
        workerJar = Files.writeString(dir.resolve("drover-worker.jar"), "worker");
        Files.createDirectories(dir.resolve("lib"));
        libJar = Files.writeString(dir.resolve("lib").resolve("drover-common.jar"), "common");
        appJar = Files.writeString(dir.resolve("app.jar"), "app");
    }

    private AotCache cache(String java, List<String> flags) {
        return new AotCache(dir.resolve("aot"), java, workerJar + ":" + dir.resolve("lib") + "/*", appJar, dir, flags);
    }

    @Test
    void theKeyStaysWhileNothingChanges() throws IOException {
        assertEquals(cache("java", FLAGS).key(), cache("java", FLAGS).key());
    }

    @Test
    void aChangedAppJarGetsANewKey() throws IOException {
        String before = cache("java", FLAGS).key();
        Files.setLastModifiedTime(appJar, FileTime.fromMillis(Files.getLastModifiedTime(appJar).toMillis() + 1000));
        assertNotEquals(before, cache("java", FLAGS).key());
    }

    @Test
    void aChangedJarOfAWildcardEntryGetsANewKey() throws IOException {
        String before = cache("java", FLAGS).key();
        Files.writeString(libJar, "common, rebuilt");
        assertNotEquals(before, cache("java", FLAGS).key(), "a new size");
        String rebuilt = cache("java", FLAGS).key();
        Files.writeString(dir.resolve("lib").resolve("drover-extra.jar"), "x");
        assertNotEquals(rebuilt, cache("java", FLAGS).key(), "a new jar in lib/");
    }

    @Test
    void otherFlagsGetANewKey() throws IOException {
        assertNotEquals(cache("java", FLAGS).key(), cache("java", List.of("-XX:+UseSerialGC", "-Xmx512m")).key());
    }

    @Test
    void aBuiltCacheIsPassedToChildren() throws IOException {
        AotCache cache = cache("java", FLAGS);
        Path file = cache.fileFor(cache.key());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a cache");
        assertEquals(List.of("-XX:AOTCache=" + file), cache.flags());
    }

    /** Children run a copy of the app jar in the run dir (AppJars): the copy of the same jar finds the same cache. */
    @Test
    void aCopyOfTheAppJarWithItsSizeAndTimeFindsTheCacheOfTheDeployedJar() throws IOException {
        AotCache cache = cache("java", FLAGS);
        Path file = cache.fileFor(cache.key());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a cache");
        Path copy = Files.copy(appJar, Files.createDirectories(dir.resolve("run-b/app")).resolve("app-0123.jar"));
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(appJar));
        assertEquals(List.of("-XX:AOTCache=" + file), cache.flags(copy));
    }

    @Test
    void aTrainingRunThatCannotStartLeavesChildrenWithoutACache() throws IOException {
        AotCache cache = cache(dir.resolve("no-such-java").toString(), FLAGS);
        assertEquals(List.of(), cache.flags(), "no cache, and no exception");
        assertTrue(Files.isDirectory(dir.resolve("aot")), "the training got as far as making the directory");
        assertEquals(List.of(), cache.flags());
        cache.close();
    }

    @Test
    void whatTheTrainingRunsOfDeadManagersLeftIsSweptAndALiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path aot = Files.createDirectories(dir.resolve("aot"));
        long dead = gone.pid();
        long live = ProcessHandle.current().pid();
        List<Path> deadFiles = List.of(aot.resolve("training-" + dead + "-abc.aot.config"),
                aot.resolve("training-" + dead + "-abc.log"));
        Path liveFile = aot.resolve("training-" + live + "-abc.log");
        Path cacheFile = aot.resolve("drover-worker-abc.aot");
        for (Path file : List.of(deadFiles.get(0), deadFiles.get(1), liveFile, cacheFile)) {
            Files.writeString(file, "x");
        }

        assertEquals(2, AotCache.sweepDeadTrainings(aot));
        for (Path file : deadFiles) {
            assertTrue(Files.notExists(file), file + " removed");
        }
        assertTrue(Files.exists(liveFile), "a live manager's training run keeps its files");
        assertTrue(Files.exists(cacheFile), "a built cache is kept");
    }
}
