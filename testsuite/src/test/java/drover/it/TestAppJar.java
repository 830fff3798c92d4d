package drover.it;

import drover.worker.api.DroverApp;
import drover.worker.api.http.HttpApp;
import drover.worker.api.websocket.WebSocketApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs a test app class (and its nested classes) from the test classpath into an app jar. */
final class TestAppJar {
    private TestAppJar() {
    }

    /**
     * The jar declares the app as a service and carries the echo example's length-prefix framing; an
     * {@link HttpApp} or {@link WebSocketApp} is declared as one, with open_http_protocol=true instead
     * (a class that is a WebSocketApp and a DroverApp as both, length-framed).
     */
    static Path build(Class<?> app, Path dir) throws IOException, URISyntaxException {
        Path classes = Path.of(app.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = app.getPackageName().replace('.', '/');
        Path jar = dir.resolve(app.getSimpleName() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.list(classes.resolve(packagePath))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(app.getSimpleName())).toList()) {
                out.putNextEntry(new JarEntry(packagePath + "/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
            }
            if (WebSocketApp.class.isAssignableFrom(app) && DroverApp.class.isAssignableFrom(app)) {
                // both: length-framed by default, WebSocket on the listen entries marked /http
                entry(out, "META-INF/services/" + WebSocketApp.class.getName(), app.getName() + "\n");
                entry(out, "META-INF/services/" + DroverApp.class.getName(), app.getName() + "\n");
                entry(out, "drover.properties", "open_length_check=true\npackage_length_type=N\n"
                        + "package_length_offset=0\npackage_body_offset=4\n");
            } else if (WebSocketApp.class.isAssignableFrom(app)) {
                entry(out, "META-INF/services/" + WebSocketApp.class.getName(), app.getName() + "\n");
                entry(out, "drover.properties", "open_http_protocol=true\n");
            } else if (HttpApp.class.isAssignableFrom(app)) {
                entry(out, "META-INF/services/" + HttpApp.class.getName(), app.getName() + "\n");
                entry(out, "drover.properties", "open_http_protocol=true\n");
            } else {
                entry(out, "META-INF/services/drover.worker.api.DroverApp", app.getName() + "\n");
                entry(out, "drover.properties", "open_length_check=true\npackage_length_type=N\n"
                        + "package_length_offset=0\npackage_body_offset=4\n");
            }
        }
        return jar;
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
