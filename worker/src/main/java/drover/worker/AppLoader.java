package drover.worker;

import drover.worker.api.DroverApp;
import drover.worker.http.HttpAppAdapter;
import drover.worker.websocket.WebSocketAppAdapter;
import drover.worker.http.ProtocolRouterApp;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        return load(jar, jar, httpProtocol, !httpProtocol);
    }

    /**
     * Loads the app from {@code jar}, the manager's copy of the jar the operator deployed as
     * {@code origin}: messages name the deployed jar, and the manifest's Class-Path entries are
     * relative to its folder, where the operator put the libraries, not to the copy's.
     */
    public static DroverApp load(Path jar, Path origin, boolean httpProtocol, boolean packetProtocols)
            throws AppLoadException {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AppLoadException("app jar not found: " + origin);
        }
        List<URL> urls = new ArrayList<>();
        // A URLClassLoader skips a jar it cannot open, silently: the app would then look missing
        // ("no Drover app ... add META-INF/services"), when the jar itself is broken.
        try (JarFile readable = new JarFile(jar.toFile())) {
            readable.size();
            urls.add(jar.toUri().toURL());
            if (!origin.equals(jar)) {
                urls.addAll(ManifestClassPath.of(readable, origin));
            }
        } catch (IOException | SecurityException e) {
            throw new AppLoadException(origin + " is not a readable jar: " + e.getMessage());
        }
        // The jar's manifest Class-Path entries load here too (URLClassLoader follows them, and for a
        // copy we add them as the deployed jar sees them), so an app may ship as a fat jar or as a
        // thin jar with its libraries beside it.
        ClassLoader api = new ApiOnlyClassLoader(AppLoader.class.getClassLoader());
        ClassLoader loader = new URLClassLoader("app", urls.toArray(URL[]::new), api);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return AppServices.find(loader, origin, httpProtocol, packetProtocols);
        } catch (ServiceConfigurationError e) {
            // "Provider X could not be instantiated" says nothing of why: the constructor's own
            // exception is the cause, which the operator needs, stack and all
            Throwable cause = e.getCause();
            throw new AppLoadException("cannot load the app in " + origin + ": " + e.getMessage()
                    + (cause == null ? "" : ": " + cause), cause);
        }
    }

    /** The class loader of the user's app class (not of the adapter an HTTP app runs in). */
    public static ClassLoader classLoaderOf(DroverApp app) {
        DroverApp user = app instanceof ProtocolRouterApp router ? router.packets() : app;
        Class<?> appClass = user instanceof HttpAppAdapter adapter ? adapter.app().getClass()
                : user instanceof WebSocketAppAdapter adapter ? adapter.app().getClass() : user.getClass();
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
