package drover.worker;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A jar's manifest Class-Path, resolved against another place: the folder of the jar the operator
 * deployed, while the worker reads the manager's copy of it (a URLClassLoader would resolve the
 * entries against the copy's folder, where the libraries are not).
 */
final class ManifestClassPath {
    private ManifestClassPath() {
    }

    /** The entries as URLs relative to {@code origin}; entries that are not valid URLs are skipped, as the JDK does. */
    static List<URL> of(JarFile jar, Path origin) throws IOException {
        Manifest manifest = jar.getManifest();
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        List<URL> urls = new ArrayList<>();
        if (classPath == null) {
            return urls;
        }
        URI base = origin.toAbsolutePath().toUri();
        for (String entry : classPath.trim().split("\\s+")) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                urls.add(base.resolve(entry).toURL());
            } catch (IllegalArgumentException | MalformedURLException e) {
                // the JDK's URLClassPath ignores such an entry too; the app then fails on the class it lacks
            }
        }
        return urls;
    }
}
