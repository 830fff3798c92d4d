package drover.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.DroverApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources at test time against the API jar alone (as a user's build would) and packs
 * the classes into a jar. For apps that cannot live in the test sources, e.g. one that brings its own
 * class with the same name as a Drover internal.
 */
final class CompiledAppJar {
    private CompiledAppJar() {
    }

    /**
     * @param sources   file path (e.g. "a/B.java") to source text
     * @param resources extra jar entries (path to text), e.g. the services file
     * @param classPath the manifest Class-Path, or null
     */
    static Path build(Path dir, String name, Map<String, String> sources, Map<String, String> resources, String classPath)
            throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String api = Path.of(DroverApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp", api, "-proc:none"));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertTrue(javac.run(null, null, null, args.toArray(String[]::new)) == 0, "compiling " + name + " failed");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                out.putNextEntry(new JarEntry(resource.getKey()));
                out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
