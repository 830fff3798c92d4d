package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager reads a store module's JVM options from its jars: the class path's wildcard expanded as java does. */
class DroverHomeTest {
    @TempDir
    Path home;

    @Test
    void aDistributionsModuleJarsAreEveryJarInItsFolder() throws Exception {
        Files.createDirectories(home.resolve("lib/manager"));
        Path module = Files.createDirectories(home.resolve("lib/chronicle"));
        Files.createFile(module.resolve("drover-chronicle.jar"));
        Files.createFile(module.resolve("chronicle-queue.jar"));
        Files.createFile(module.resolve("NOTICE.txt"));
        List<Path> jars = new DroverHome(home).jars("chronicle").stream().sorted().toList();
        assertEquals(List.of(module.resolve("chronicle-queue.jar"), module.resolve("drover-chronicle.jar")), jars);
    }

    @Test
    void aSourceTreesModuleJarsAreItsOwnJarAndItsLibFolder() throws Exception {
        Path target = Files.createDirectories(home.resolve("chronicle/target/lib"));
        Files.createFile(home.resolve("chronicle/target/drover-chronicle.jar"));
        Files.createFile(target.resolve("chronicle-queue.jar"));
        assertEquals(List.of(home.resolve("chronicle/target/drover-chronicle.jar"), target.resolve("chronicle-queue.jar")),
                new DroverHome(home).jars("chronicle"));
    }

    @Test
    void aModuleNotBuiltHasNoJars() throws Exception {
        assertEquals(List.of(), new DroverHome(home).jars("chronicle"));
    }

    @Test
    void aProcessModeServerNeedsTheReactorAndWorkerJarsAndABaseModeOneTheBaseJar() throws Exception {
        for (String module : List.of("manager", "reactor", "worker")) {
            Files.createFile(Files.createDirectories(home.resolve("lib").resolve(module)).resolve("drover-" + module + ".jar"));
        }
        DroverHome drover = new DroverHome(home);
        assertNull(drover.missingJars(false), "a home without the base module still serves process mode");
        assertEquals(home.resolve("lib/base/drover-base.jar") + " is missing: build Drover first (./mvnw -DskipTests package)",
                drover.missingJars(true));
        Files.createFile(Files.createDirectories(home.resolve("lib/base")).resolve("drover-base.jar"));
        assertNull(drover.missingJars(true));
    }
}
