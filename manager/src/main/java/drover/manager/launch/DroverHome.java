package drover.manager.launch;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Drover's built jars are. In a distribution (dist/) each process role runs from the jars in
 * {@code <home>/lib/<module>/}; in a source tree from {@code <home>/<module>/target/drover-<module>.jar}
 * plus {@code <module>/target/lib/*}. Found from the manager's own jar (three folders up in both
 * layouts) unless -Ddrover.home says otherwise.
 */
public record DroverHome(Path dir) {
    public static DroverHome locate() {
        String override = System.getProperty("drover.home");
        if (override != null) {
            return new DroverHome(Path.of(override).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(DroverHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <home>/manager/target/drover-manager.jar (or target/classes when run from an IDE)
            return new DroverHome(jar.getParent().getParent().getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Drover jars: " + e.getMessage(), e);
        }
    }

    String classPath(String module) {
        if (distribution()) {
            return dir.resolve("lib").resolve(module) + "/*";
        }
        Path target = dir.resolve(module).resolve("target");
        return target.resolve("drover-" + module + ".jar") + ":" + target.resolve("lib") + "/*";
    }

    /** The jars of {@link #classPath}, its wildcard expanded as {@code java} does; none when the module is not built. */
    List<Path> jars(String module) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath(module).split(File.pathSeparator)) {
            Path path = Path.of(entry.endsWith("/*") ? entry.substring(0, entry.length() - 2) : entry);
            if (!entry.endsWith("/*")) {
                if (Files.isRegularFile(path)) {
                    jars.add(path);
                }
            } else if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> found = Files.newDirectoryStream(path, "*.jar")) {
                    found.forEach(jars::add);
                }
            }
        }
        return jars;
    }

    private boolean distribution() {
        return Files.isDirectory(dir.resolve("lib").resolve("manager"));
    }

    private Path moduleJar(String module) {
        String jar = "drover-" + module + ".jar";
        return distribution() ? dir.resolve("lib").resolve(module).resolve(jar) : dir.resolve(module).resolve("target").resolve(jar);
    }

    /**
     * Null when every module the server's processes run is built, else what is missing: the reactor's
     * and the worker's, or in server_mode=base the base module's alone (an app's drover-test home has
     * no base jar, and a process-mode server needs none).
     */
    public String missingJars(boolean baseMode) {
        for (String module : baseMode ? new String[] {"base"} : new String[] {"reactor", "worker"}) {
            Path jar = moduleJar(module);
            if (!Files.isRegularFile(jar)) {
                return jar + " is missing: build Drover first (./mvnw -DskipTests package)";
            }
        }
        return null;
    }
}
