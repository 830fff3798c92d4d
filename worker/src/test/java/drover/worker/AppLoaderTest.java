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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
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

    /**
     * Workers run the manager's copy of the deployed jar (in the run dir); a thin jar's libraries
     * stay beside the deployed one, where its manifest Class-Path points.
     */
    @Test
    void aCopysClassPathIsResolvedBesideTheDeployedJar() throws Exception {
        Path deployed = Files.createDirectories(dir.resolve("deployed")).resolve("app.jar");
        Path library = Files.createDirectories(deployed.resolveSibling("lib")).resolve("extra.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(library))) {
            out.putNextEntry(new JarEntry("extra.txt"));
            out.write("from the library".getBytes(StandardCharsets.UTF_8));
        }
        Path thin = httpAppJar(LoaderProbeHttpApp.class);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/extra.jar");
        try (JarFile in = new JarFile(thin.toFile()); JarOutputStream out = new JarOutputStream(Files.newOutputStream(deployed), manifest)) {
            for (JarEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new JarEntry(entry.getName()));
                out.write(in.getInputStream(entry).readAllBytes());
            }
        }
        Path copy = Files.copy(deployed, Files.createDirectories(dir.resolve("run/app")).resolve("app-0123.jar"));

        ClassLoader fromCopyAlone = AppLoader.classLoaderOf(AppLoader.load(copy, true));
        assertEquals(null, fromCopyAlone.getResource("extra.txt"), "beside the copy there is no lib/");
        ClassLoader loader = AppLoader.classLoaderOf(AppLoader.load(copy, deployed, true, false));
        assertEquals("from the library", new String(loader.getResourceAsStream("extra.txt").readAllBytes(), StandardCharsets.UTF_8));
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
