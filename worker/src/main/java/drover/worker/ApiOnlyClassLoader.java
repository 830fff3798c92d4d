package drover.worker;

/**
 * The parent of the app's class loader: it shows the app the JDK (through the platform class loader)
 * and Drover's public API packages, and nothing else of the worker's class path. So an app that
 * bundles a library Drover also uses, or a class with the same name as one of Drover's internals,
 * gets its own copy, and Drover's internals stay out of its reach.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    /** drover.worker.api and its subpackages (drover.worker.api.http). */
    static final String API_PREFIX = "drover.worker.api.";

    private final ClassLoader drover;

    ApiOnlyClassLoader(ClassLoader drover) {
        super("drover-api", ClassLoader.getPlatformClassLoader());
        this.drover = drover;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PREFIX)) {
            // the very classes the worker uses, so an app's DroverApp is the worker's DroverApp
            return drover.loadClass(name);
        }
        return super.loadClass(name, resolve); // the platform loader, then findClass: not found
    }
}
