package drover.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/** Checks before anything starts that the jar names an app, so the operator sees the reason at once. */
final class AppJarCheck {
    /** The API's service interface; a string because the manager does not depend on the worker module. */
    static final String SERVICE_FILE = "META-INF/services/drover.worker.api.DroverApp";

    private AppJarCheck() {
    }

    /** Null when the jar has an app, else the problem. */
    static String problem(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry(SERVICE_FILE) == null) {
                return "no Drover app in " + jar + ": it needs " + SERVICE_FILE
                        + " naming a class that implements drover.worker.api.DroverApp";
            }
            return null;
        } catch (IOException e) {
            return "cannot read the app jar " + jar + ": " + e.getMessage();
        }
    }
}
