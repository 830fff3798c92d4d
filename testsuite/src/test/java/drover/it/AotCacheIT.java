package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workers start from the JDK AOT cache the manager builds from a training run, and a changed app jar
 * gets a new one. "Uses the cache" is read from the worker JVM itself: a JVM that starts from an AOT
 * cache maps the cache file, which /proc/PID/maps shows.
 */
@Timeout(300)
class AotCacheIT {
    private static final int WORKERS = 2;
    private static final Pattern BUILT = Pattern.compile("AOT cache built in \\d+ ms; [^:]*: (\\S+\\.aot)");

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(WORKERS);

    @Test
    void theCacheIsBuiltUsedByNewWorkersAndRebuiltWhenTheAppJarChanges() throws Exception {
        Path cacheDir = cluster.home().resolve("aot");
        cluster.set("aot_cache_dir=" + cacheDir);
        Path deployed = cluster.home().resolve("app.jar");
        Files.copy(DroverCluster.ECHO_JAR, deployed);
        Status first = cluster.start(deployed);

        Path cache = builtCache(1);
        assertEquals(cacheDir, cache.getParent());
        assertTrue(Files.isRegularFile(cache), cache + " exists");
        Status reloaded = reload(first.managerPid(), 1);
        for (int i = 0; i < WORKERS; i++) {
            assertTrue(maps(reloaded.workerPid(i), cache), "worker#" + i + " started from " + cache);
        }
        echo("from the cache");

        // A new build of the app: same classes, one more entry, a new modification time.
        Path rebuilt = cluster.home().resolve("rebuilt.jar");
        copyWithExtraEntry(DroverCluster.ECHO_JAR, rebuilt, "build-stamp.txt");
        Files.move(rebuilt, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Status onNewJar = reload(first.managerPid(), 2);
        for (int i = 0; i < WORKERS; i++) {
            assertFalse(maps(onNewJar.workerPid(i), cache), "worker#" + i + " did not take the old jar's cache");
        }
        echo("on the new jar, before its cache");
        Path newCache = builtCache(2);
        assertNotEquals(cache, newCache, "the new jar has a cache of its own");

        Status fromNew = reload(first.managerPid(), 3);
        for (int i = 0; i < WORKERS; i++) {
            assertTrue(maps(fromNew.workerPid(i), newCache), "worker#" + i + " started from " + newCache);
        }
        echo("from the new cache");
    }

    @Test
    void aCacheThatCannotBeBuiltIsLoggedAndTheServerServesWithoutIt() throws Exception {
        Path notADirectory = cluster.home().resolve("a-file");
        Files.writeString(notADirectory, "not a directory");
        cluster.set("aot_cache_dir=" + notADirectory);
        cluster.start();
        String log = cluster.awaitLog(l -> l.contains("cannot start the AOT cache training run"), "the reason logged");
        assertTrue(log.contains(notADirectory.toString()), log);
        echo("served without a cache");
        Status status = cluster.status();
        for (int i = 0; i < WORKERS; i++) {
            assertFalse(mapsAnyCache(status.workerPid(i)), "worker#" + i + " has no cache to map");
        }
    }

    @Test
    void aotCacheFalseBuildsNothing() throws Exception {
        Path cacheDir = cluster.home().resolve("aot");
        cluster.set("aot_cache_dir=" + cacheDir).set("aot_cache=false");
        Status first = cluster.start();
        Status reloaded = reload(first.managerPid(), 1);
        echo("no cache asked for");
        assertFalse(cluster.log().contains("AOT cache"), cluster.log());
        assertFalse(Files.exists(cacheDir), cacheDir + " was never made");
        for (int i = 0; i < WORKERS; i++) {
            assertFalse(mapsAnyCache(reloaded.workerPid(i)), "worker#" + i);
        }
    }

    private Path builtCache(int count) {
        String log = cluster.awaitLog(l -> BUILT.matcher(l).results().count() >= count, count + " AOT cache(s) built");
        Matcher m = BUILT.matcher(log);
        String file = null;
        for (int i = 0; i < count && m.find(); i++) {
            file = m.group(1);
        }
        return Path.of(file);
    }

    private Status reload(long managerPid, int count) throws Exception {
        cluster.signal(managerPid, "USR1");
        Status after = cluster.awaitStatus(s -> s.reloadCount() == count && !s.reloadInProgress() && s.allReady(),
                "reload " + count + " finished");
        assertEquals("ok", after.reloadResult(), after.toString());
        return after;
    }

    private void echo(String text) throws IOException {
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.echo(text.getBytes());
        }
    }

    private static boolean maps(long pid, Path file) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/maps")).contains(file.toString());
    }

    private static boolean mapsAnyCache(long pid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/maps")).contains(".aot\n");
    }

    private static void copyWithExtraEntry(Path from, Path to, String extra) throws IOException {
        try (InputStream file = Files.newInputStream(from); JarInputStream in = new JarInputStream(file);
             OutputStream target = Files.newOutputStream(to);
             JarOutputStream out = in.getManifest() == null ? new JarOutputStream(target) : new JarOutputStream(target, in.getManifest())) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(extra));
            out.write(Long.toString(System.nanoTime()).getBytes());
            out.closeEntry();
        }
    }
}
