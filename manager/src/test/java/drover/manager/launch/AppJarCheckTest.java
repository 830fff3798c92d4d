package drover.manager.launch;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppJarCheckTest {
    @TempDir
    Path temp;

    private Path jarWith(String... services) throws IOException {
        Path jar = temp.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String service : services) {
                out.putNextEntry(new JarEntry(service));
                out.write("some.App\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    @Test
    void aWebSocketAppAndAPacketAppServeMixedListeners() throws IOException {
        assertNull(AppJarCheck.problem(jarWith(AppJarCheck.WEBSOCKET_SERVICE_FILE, AppJarCheck.SERVICE_FILE), true, true));
        String problem = AppJarCheck.problem(jarWith(AppJarCheck.WEBSOCKET_SERVICE_FILE), true, true);
        assertTrue(problem.contains("it has no packet app"), problem);
    }

    @Test
    void aWebSocketAppServesAnHttpListener() throws IOException {
        Path jar = jarWith(AppJarCheck.WEBSOCKET_SERVICE_FILE);
        assertNull(AppJarCheck.problem(jar, true, false));
        assertTrue(AppJarCheck.problem(jar, false, true).startsWith("no Drover app"), "not a packet listener");
    }

    @Test
    void anHttpAppStillServesAnHttpListener() throws IOException {
        assertNull(AppJarCheck.problem(jarWith(AppJarCheck.HTTP_SERVICE_FILE), true, false));
    }
}
