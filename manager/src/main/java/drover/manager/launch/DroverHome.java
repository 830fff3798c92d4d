package drover.manager.launch;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Drover's built jars are: each process role runs from {@code <home>/<module>/target/drover-<module>.jar}
 * plus {@code <module>/target/lib/*}. Found from the manager's own jar unless -Ddrover.home says otherwise.
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
        Path target = dir.resolve(module).resolve("target");
        return target.resolve("drover-" + module + ".jar") + ":" + target.resolve("lib") + "/*";
    }

    /** Null when every module is built, else what is missing. */
    public String missingJars() {
        for (String module : new String[] {"reactor", "worker"}) {
            Path jar = dir.resolve(module).resolve("target").resolve("drover-" + module + ".jar");
            if (!Files.isRegularFile(jar)) {
                return jar + " is missing: build Drover first (mvn -DskipTests package)";
            }
        }
        return null;
    }
}
