package drover.common.payload;

import drover.common.config.DroverConfig;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A payload store shipped as a module of its own and found through {@link ServiceLoader}:
 * large_payload=chronicle's, in the {@code chronicle} module, which the manager puts on a child's class
 * path only for that setting so that Chronicle and its libraries reach no other process. Only this
 * interface is in {@code common}; everything of the store is in its module.
 */
public interface StoreModule {
    /**
     * The JVM options a process needs to run the store; the manager adds them to the command line of
     * each child when large_payload names the store. Plain strings: asking loads none of the store's
     * libraries, so the manager can ask without running the store.
     */
    List<String> jvmOptions();

    /**
     * This process's store: the module's own first, and {@code fallback} (temp files) for payloads it
     * cannot take, or for all of them when it cannot open (it logs why). References say which of the
     * two holds a payload, so a process reads its peers' whichever they used.
     */
    PayloadStore open(DroverConfig config, long pid, PayloadStore fallback);

    /** The module visible to this class loader, or null when its jars are not there. */
    static StoreModule find(ClassLoader loader) {
        return ServiceLoader.load(StoreModule.class, loader).findFirst().orElse(null);
    }
}
