package drover.manager.launch;

import drover.common.log.Log;
import drover.common.payload.StoreModule;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM options a payload store module asks of the children that run it ({@link StoreModule#jvmOptions}).
 * The manager never runs the store and keeps its jars off its own class path: it reads the options
 * through a class loader over the module's jars, closed at once, and remembers them.
 */
final class StoreModuleOptions {
    private static final Map<Path, List<String>> READ = new ConcurrentHashMap<>();

    private StoreModuleOptions() {
    }

    /** The module's options; none when its jars are missing (its children then warn and use files). */
    static List<String> of(DroverHome home, String module) {
        return READ.computeIfAbsent(home.dir().resolve(module), key -> read(home, module));
    }

    private static List<String> read(DroverHome home, String module) {
        try (URLClassLoader loader = new URLClassLoader(urls(home.jars(module)), StoreModuleOptions.class.getClassLoader())) {
            StoreModule found = StoreModule.find(loader);
            if (found == null) {
                Log.warn("the " + module + " module is not built or installed under " + home.dir()
                        + ": its children get no JVM options of its own");
                return List.of();
            }
            return List.copyOf(found.jvmOptions());
        } catch (IOException | ServiceConfigurationError e) {
            Log.warn("cannot read the " + module + " module's JVM options under " + home.dir() + ": " + e.getMessage());
            return List.of();
        }
    }

    private static URL[] urls(List<Path> jars) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
