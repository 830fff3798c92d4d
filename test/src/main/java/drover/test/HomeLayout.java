package drover.test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Drover home made of the jars on the test's class path, in the distribution's layout
 * ({@code lib/manager/}, {@code lib/reactor/}, {@code lib/worker/}) that the manager looks for.
 * Each jar is found by a class it holds, so the versions are those the app's build resolved.
 * Jars are linked, not copied; a folder of classes (a build of Drover itself) is packed into a jar.
 */
final class HomeLayout {
    private static final Map<String, List<String>> CLASSES_BY_PROCESS = new LinkedHashMap<>();

    static {
        CLASSES_BY_PROCESS.put("manager", List.of("drover.manager.ManagerMain", "drover.common.config.DroverConfig",
                "picocli.CommandLine"));
        CLASSES_BY_PROCESS.put("reactor", List.of("drover.reactor.ReactorMain", "drover.common.config.DroverConfig"));
        CLASSES_BY_PROCESS.put("worker", List.of("drover.worker.WorkerMain", "drover.common.config.DroverConfig",
                "drover.worker.api.DroverApp"));
    }

    private HomeLayout() {
    }

    static Path create(Path home) throws IOException {
        for (Map.Entry<String, List<String>> process : CLASSES_BY_PROCESS.entrySet()) {
            Path lib = Files.createDirectories(home.resolve("lib").resolve(process.getKey()));
            for (String className : process.getValue()) {
                Path source = codeSource(className);
                // the process's own jar under the name the manager checks for (drover-<process>.jar)
                String name = className.equals(process.getValue().getFirst()) ? "drover-" + process.getKey() + ".jar"
                        : Files.isDirectory(source) ? className + ".jar" : source.getFileName().toString();
                Path target = lib.resolve(name);
                if (Files.isDirectory(source)) {
                    JarPacker.pack(source, target);
                } else {
                    Files.createSymbolicLink(target, source);
                }
            }
        }
        return home;
    }

    private static Path codeSource(String className) throws IOException {
        try {
            Class<?> type = Class.forName(className, false, HomeLayout.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IOException(className + " is not on the test class path: add io.drover:drover-test in scope test", e);
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the jar of " + className + ": " + e.getMessage(), e);
        }
    }
}
