package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app jar loads in its own class loader whose parent shows only the JDK and the API: an app that
 * bundles a class named like a Drover internal gets its own, cannot reach Drover's internals, and
 * finds its libraries both inside its jar and through the manifest Class-Path.
 */
@Timeout(300)
class ClassLoaderIsolationIT {
    private static final String APP = """
            package isolated;

            import drover.worker.api.DroverApp;
            import drover.worker.api.Server;
            import java.nio.ByteBuffer;
            import java.nio.charset.StandardCharsets;

            public final class IsolatedApp implements DroverApp {
                @Override
                public void onReceive(Server server, long sessionId, byte[] data) {
                    String body = new String(data, 4, data.length - 4, StandardCharsets.UTF_8);
                    String answer = switch (body) {
                        case "own" -> drover.common.log.Log.whose();
                        case "helper" -> helper.Helper.greet();
                        case "internal" -> visible("drover.worker.WorkerLoop");
                        case "context" -> String.valueOf(
                                Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
                        default -> "unknown " + body;
                    };
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    server.send(sessionId, ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array());
                }

                private static String visible(String name) {
                    try {
                        Class.forName(name);
                        return "visible";
                    } catch (ClassNotFoundException e) {
                        return "hidden";
                    }
                }
            }
            """;

    // Same name as Drover's own logger, which the worker has loaded: the app must get this one.
    private static final String SHADOW = """
            package drover.common.log;

            public final class Log {
                public static String whose() {
                    return "the app's own drover.common.log.Log";
                }
            }
            """;

    private static final String HELPER = """
            package helper;

            public final class Helper {
                public static String greet() {
                    return "helper from the manifest Class-Path";
                }
            }
            """;

    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1);

    @TempDir
    Path temp;

    @Test
    void theAppSeesItsOwnClassesTheJdkAndTheApiOnly() throws Exception {
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Path helper = CompiledAppJar.build(temp, "helper", Map.of("helper/Helper.java", HELPER), Map.of(), null);
        Files.move(helper, lib.resolve("helper.jar"));
        // The app compiles against the helper too; at run time it comes through Class-Path: lib/helper.jar
        Path app = CompiledAppJar.build(temp, "isolated",
                Map.of("isolated/IsolatedApp.java", APP, "drover/common/log/Log.java", SHADOW, "helper/Helper.java", HELPER),
                Map.of("META-INF/services/drover.worker.api.DroverApp", "isolated.IsolatedApp\n",
                        "drover.properties", "open_length_check=true\npackage_length_type=N\npackage_body_offset=4\n"),
                "lib/helper.jar");
        Path thinApp = stripHelper(app);
        cluster.start(thinApp);
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("the app's own drover.common.log.Log", client.request("own"));
            assertEquals("helper from the manifest Class-Path", client.request("helper"));
            assertEquals("hidden", client.request("internal"));
            assertEquals("true", client.request("context"));
        }
    }

    /** The same jar without helper/*, so the helper can only come from lib/helper.jar. */
    private Path stripHelper(Path jar) throws Exception {
        Path thin = temp.resolve("app.jar");
        try (var in = new java.util.jar.JarFile(jar.toFile());
             var out = new java.util.jar.JarOutputStream(Files.newOutputStream(thin), in.getManifest())) {
            for (var entry : java.util.Collections.list(in.entries())) {
                if (!entry.getName().startsWith("helper/") && !entry.getName().equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    out.write(in.getInputStream(entry).readAllBytes());
                }
            }
        }
        return thin;
    }
}
