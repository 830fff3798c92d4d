package drover.manager.launch;

import drover.common.log.Log;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JDK AOT cache (JEP 483/514) that workers and task workers start from. Its file is named by a
 * hash of everything the JVM checks it against (the JDK, the JVM flags, every jar on the class path by
 * path, size and modification time) and of the app jar, so a changed jar or flag means a new file. When
 * the file for the current jars is missing, a training run ({@code drover.worker.AotTraining} under
 * {@code -XX:AOTCacheOutput}) builds it in the background; children spawned meanwhile start without a
 * cache. A failed training is logged with its reason and not retried for the same jars: a cache only
 * makes starts faster, so nothing ever fails for want of one.
 */
public final class AotCache implements AutoCloseable {
    static final String SUFFIX = ".aot";
    /** Caches of other jars (an older build, another app sharing the directory) beyond this many are deleted. */
    private static final int KEEP = 8;
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final String java;
    private final String classPath;
    private final Path appJar;
    private final Path runDir;
    private final List<String> jvmFlags;
    private String failedKey;
    private Process training;
    private String trainingKey;
    /** The files of the training run under way: its cache output and its log. */
    private List<Path> trainingFiles = List.of();
    private boolean closed;

    public AotCache(Path dir, String java, String classPath, Path appJar, Path runDir, List<String> jvmFlags) {
        this.dir = dir;
        this.java = java;
        this.classPath = classPath;
        this.appJar = appJar;
        this.runDir = runDir;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The flag that starts a child from the cache of the current jars, or none when it is not built
     * yet (its training starts now, unless it runs already or failed for these jars).
     */
    synchronized List<String> flags() {
        return flags(appJar);
    }

    /** As {@link #flags()}, for a child that runs this app jar (a copy, AppJars). */
    synchronized List<String> flags(Path appJar) {
        String key;
        try {
            key = key(appJar);
        } catch (IOException e) {
            logFailureOnce("?", "cannot read the jars to name the AOT cache: " + e.getMessage());
            return List.of();
        }
        Path file = fileFor(key);
        if (Files.isRegularFile(file)) {
            return List.of("-XX:AOTCache=" + file);
        }
        if (!closed && !key.equals(failedKey) && (training == null || !key.equals(trainingKey))) {
            startTraining(key, appJar);
        }
        return List.of();
    }

    Path fileFor(String key) {
        return dir.resolve("drover-worker-" + key + SUFFIX);
    }

    /** A hash of what makes a cache valid for the children spawned now. */
    String key() throws IOException {
        return key(appJar);
    }

    /**
     * The app jar a child runs is a copy of the deployed one (AppJars) in the run dir, with the deployed
     * file's size and time: it is named here by the deployed path, so the same jar keeps its cache
     * whatever the run dir (servers, and the testsuite's clusters, share an aot_cache_dir).
     */
    private String key(Path runJar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder text = new StringBuilder();
        text.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        jvmFlags.forEach(flag -> text.append(flag).append('\n'));
        for (Path jar : jars(runJar)) {
            text.append(jar.equals(runJar) ? appJar : jar).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
    }

    /** The class path's jars, a {@code dir/*} entry as the sorted jars in it, then the app jar. */
    private List<Path> jars(Path appJar) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith("/*")) {
                Path lib = Path.of(entry.substring(0, entry.length() - 2));
                if (Files.isDirectory(lib)) {
                    try (Stream<Path> files = Files.list(lib)) {
                        files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                    }
                }
            } else {
                jars.add(Path.of(entry));
            }
        }
        jars.add(appJar);
        return jars;
    }

    private void startTraining(String key, Path appJar) {
        Path output = dir.resolve("training-" + ProcessHandle.current().pid() + "-" + key + SUFFIX);
        Path log = dir.resolve("training-" + ProcessHandle.current().pid() + "-" + key + ".log");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-XX:AOTCacheOutput=" + output, "-cp", classPath, "drover.worker.AotTraining",
                "--run-dir", runDir.toString(), "--app-jar", appJar.toString()));
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            sweepDeadTrainingsQuietly(dir);
            // its standard input stays a pipe from this JVM, never written: its EOF tells the run the manager is gone
            training = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            trainingKey = key;
            // -XX:AOTCacheOutput also writes <output>.config while it runs
            trainingFiles = List.of(output, Path.of(output + ".config"), log);
        } catch (IOException e) {
            logFailureOnce(key, "cannot start the AOT cache training run: " + e.getMessage());
            return;
        }
        Process process = training;
        Log.info("building the workers' AOT cache in the background (pid " + process.pid() + "): " + fileFor(key));
        Thread.ofVirtual().name("aot-training").start(() -> finishTraining(process, key, output, log, started));
    }

    private void finishTraining(Process process, String key, Path output, Path log, long started) {
        String failure = null;
        try {
            if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                destroyTree(process);
                failure = "the training run took over " + TRAINING_TIMEOUT_SECONDS + " s";
            } else if (process.exitValue() != 0 || !Files.isRegularFile(output)) {
                failure = "the training run exited with " + process.exitValue() + ": " + lastLines(log);
            } else {
                Files.move(output, fileFor(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                pruneOthers(key);
            }
        } catch (IOException e) {
            failure = "cannot keep the cache: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        synchronized (this) {
            if (training == process) {
                training = null;
            }
            if (failure != null && !closed) {
                logFailureOnce(key, "AOT cache not built (" + failure + "); workers start without it");
            }
        }
        if (failure == null) {
            Log.info("workers' AOT cache built in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                    + " ms; workers spawned from now on start from it: " + fileFor(key));
        }
        closeQuietly(process);
        deleteQuietly(output);
        deleteQuietly(Path.of(output + ".config"));
        deleteQuietly(log);
    }

    // The run is over: its standard input, the manager watch's pipe, is closed rather than left to the GC.
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            Log.debug("cannot close the training run's standard input: " + e.getMessage());
        }
    }

    /**
     * Deletes what training runs of dead managers left (their output, its .config, their log): a run
     * ends with its manager (AotTraining), too suddenly to clean up. Files are named
     * {@code training-<manager pid>-...}, so another live manager's run is left alone.
     */
    static int sweepDeadTrainings(Path dir) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "training-*")) {
            for (Path file : files) {
                String rest = file.getFileName().toString().substring("training-".length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                deleteQuietly(file);
                removed++;
            }
        }
        return removed;
    }

    // A sweep that fails costs a few stale files, never the training run.
    private static void sweepDeadTrainingsQuietly(Path dir) {
        try {
            sweepDeadTrainings(dir);
        } catch (IOException e) {
            Log.debug("cannot sweep old training files in " + dir + ": " + e.getMessage());
        }
    }

    private synchronized void logFailureOnce(String key, String message) {
        if (!key.equals(failedKey)) {
            failedKey = key;
            Log.warn(message);
        }
    }

    private void pruneOthers(String key) throws IOException {
        List<Path> caches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "drover-worker-*" + SUFFIX)) {
            files.forEach(caches::add);
        }
        caches.remove(fileFor(key));
        caches.sort(Comparator.comparingLong(AotCache::modified).reversed());
        for (int i = KEEP - 1; i < caches.size(); i++) {
            deleteQuietly(caches.get(i));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.debug("cannot delete " + file + ": " + e.getMessage());
        }
    }

    // -XX:AOTCacheOutput assembles the cache in a second JVM the training run starts: end both.
    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The server stops: a training run still going is ended (with the JVM it started), and none starts again. */
    @Override
    public synchronized void close() {
        closed = true;
        if (training != null) {
            destroyTree(training);
            try {
                training.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            trainingFiles.forEach(AotCache::deleteQuietly);
        }
    }
}
