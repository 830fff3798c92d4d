package drover.worker;

import drover.worker.api.DroverApp;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;

/** Finds the app class in the user's jar with ServiceLoader. */
final class AppLoader {
    private AppLoader() {
    }

    /** Loads the app for the listener's protocol, or throws with a message an operator can act on. */
    static DroverApp load(Path jar, boolean httpProtocol) throws AppLoadException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AppLoadException("app jar not found: " + jar);
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (IOException e) {
            throw new AppLoadException("app jar path is not usable: " + jar + ": " + e.getMessage());
        }
        ClassLoader loader = new URLClassLoader("app", new URL[] {url}, AppLoader.class.getClassLoader());
        try {
            return AppServices.find(loader, jar, httpProtocol);
        } catch (ServiceConfigurationError e) {
            throw new AppLoadException("cannot load the app in " + jar + ": " + e.getMessage());
        }
    }

    static final class AppLoadException extends Exception {
        AppLoadException(String message) {
            super(message);
        }
    }
}
