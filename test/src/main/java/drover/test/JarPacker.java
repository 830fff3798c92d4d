package drover.test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs a folder of classes and resources (target/classes) into a jar, as the app's build would. */
final class JarPacker {
    private JarPacker() {
    }

    static Path pack(Path classes, Path jar) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IOException(classes + " is not a folder of compiled classes: compile the app first (mvn test does)");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                entries.putNextEntry(new JarEntry(name));
                entries.write(Files.readAllBytes(file));
                entries.closeEntry();
            }
        }
        return jar;
    }
}
