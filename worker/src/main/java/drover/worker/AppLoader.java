package drover.worker;

import drover.worker.api.DroverApp;
import drover.worker.http.HttpAppAdapter;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;
import java.util.jar.JarFile;

/** Loads the user's jar in its own class loader (see {@link ApiOnlyClassLoader}) and finds the app class with ServiceLoader. */
public final class AppLoader {
    private AppLoader() {
    }

    /**
     * Loads the app for the listener's protocol, or throws with a message an operator can act on.
     * The calling thread, which becomes the worker's loop thread, keeps the app's class loader as its
     * context class loader from here on: the app's constructor already runs with it, so libraries
     * that look things up through it (ServiceLoader, JAXP, logging back-ends) find the app's own.
     */
    public static DroverApp load(Path jar, boolean httpProtocol) throws AppLoadException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AppLoadException("app jar not found: " + jar);
        }
        // A URLClassLoader skips a jar it cannot open, silently: the app would then look missing
        // ("no Drover app ... add META-INF/services"), when the jar itself is broken.
        try (JarFile readable = new JarFile(jar.toFile())) {
            readable.size();
        } catch (IOException | SecurityException e) {
            throw new AppLoadException(jar + " is not a readable jar: " + e.getMessage());
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
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return AppServices.find(loader, jar, httpProtocol);
        } catch (ServiceConfigurationError e) {
            // "Provider X could not be instantiated" says nothing of why: the constructor's own
            // exception is the cause, which the operator needs, stack and all
            Throwable cause = e.getCause();
            throw new AppLoadException("cannot load the app in " + jar + ": " + e.getMessage()
                    + (cause == null ? "" : ": " + cause), cause);
        }
    }

    /** The class loader of the user's app class (not of the adapter an HTTP app runs in). */
    public static ClassLoader classLoaderOf(DroverApp app) {
        Class<?> appClass = app instanceof HttpAppAdapter adapter ? adapter.app().getClass() : app.getClass();
        return appClass.getClassLoader();
    }

    public static final class AppLoadException extends Exception {
        AppLoadException(String message) {
            super(message);
        }

        AppLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
