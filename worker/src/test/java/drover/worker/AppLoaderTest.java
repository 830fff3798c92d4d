package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.http.HttpApp;
import drover.worker.http.HttpAppAdapter;
import drover.worker.testapps.LoaderProbeHttpApp;
import drover.worker.testapps.ThrowingHttpApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppLoader against real jar files: the class comes from the jar, through the app's own class loader. */
class AppLoaderTest {
    @TempDir
    Path dir;

    private final ClassLoader contextBefore = Thread.currentThread().getContextClassLoader();

    @AfterEach
    void restoreContextLoader() {
        Thread.currentThread().setContextClassLoader(contextBefore);
    }

    /** A jar holding the HTTP app class, named in its service file. */
    private Path httpAppJar(Class<? extends HttpApp> app) throws IOException, URISyntaxException {
        Path classes = Path.of(app.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classFile = app.getName().replace('.', '/') + ".class";
        Path jar = dir.resolve(app.getSimpleName() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(classFile));
            out.write(Files.readAllBytes(classes.resolve(classFile)));
            out.putNextEntry(new JarEntry(AppServices.HTTP_SERVICE));
            out.write((app.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void aConstructorThatThrowsIsReportedWithItsCause() throws Exception {
        Path jar = httpAppJar(ThrowingHttpApp.class);
        AppLoader.AppLoadException e = assertThrows(AppLoader.AppLoadException.class, () -> AppLoader.load(jar, true));
        assertTrue(e.getMessage().contains("could not be instantiated")
                && e.getMessage().endsWith(": java.lang.IllegalStateException: no database configured"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the cause, for its stack trace");
    }

    @Test
    void theConstructorRunsWithTheAppsClassLoaderAsContextLoader() throws Exception {
        HttpAppAdapter adapter = assertInstanceOf(HttpAppAdapter.class, AppLoader.load(httpAppJar(LoaderProbeHttpApp.class), true));
        Object app = adapter.app();
        ClassLoader appLoader = app.getClass().getClassLoader();
        assertNotSame(LoaderProbeHttpApp.class, app.getClass(), "the class comes from the jar, not the test class path");
        assertSame(appLoader, app.getClass().getField("constructedWith").get(app));
        assertSame(appLoader, AppLoader.classLoaderOf(adapter), "the user's class, not the adapter's");
    }

    @Test
    void aCorruptJarIsReportedAsUnreadableNotAsMissingAnApp() throws Exception {
        Path jar = dir.resolve("corrupt.jar");
        Files.write(jar, "PK\u0003\u0004 this is not a zip file at all".getBytes(StandardCharsets.ISO_8859_1));
        String message = assertThrows(AppLoader.AppLoadException.class, () -> AppLoader.load(jar, false)).getMessage();
        assertTrue(message.startsWith(jar + " is not a readable jar: "), message);
        assertEquals(-1, message.indexOf("META-INF/services"), message);
    }
}
