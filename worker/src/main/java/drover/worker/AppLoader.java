package drover.worker;

import drover.worker.api.DroverApp;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;

/** Loads the user's jar in its own class loader (see {@link ApiOnlyClassLoader}) and finds the app class with ServiceLoader. */
public final class AppLoader {
    private AppLoader() {
    }

    /** Loads the app for the listener's protocol, or throws with a message an operator can act on. */
    public static DroverApp load(Path jar, boolean httpProtocol) throws AppLoadException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AppLoadException("app jar not found: " + jar);
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (IOException e) {
            throw new AppLoadException("app jar path is not usable: " + jar + ": " + e.getMessage());
        }
        // The jar's manifest Class-Path entries load here too (URLClassLoader follows them), so an app
        // may ship as a fat jar or as a thin jar with its libraries beside it.
        ClassLoader api = new ApiOnlyClassLoader(AppLoader.class.getClassLoader());
        ClassLoader loader = new URLClassLoader("app", new URL[] {url}, api);
        try {
            return AppServices.find(loader, jar, httpProtocol);
        } catch (ServiceConfigurationError e) {
            throw new AppLoadException("cannot load the app in " + jar + ": " + e.getMessage());
        }
    }

    public static final class AppLoadException extends Exception {
        AppLoadException(String message) {
            super(message);
        }
    }
}
