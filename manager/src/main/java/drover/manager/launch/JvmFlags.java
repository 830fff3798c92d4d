package drover.manager.launch;

import drover.common.config.DroverConfig;
import drover.common.config.LargePayload;
import drover.common.link.ProcessRole;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The JVM flags of each kind of child, chosen by measurement (docs/benchmarks-history.md, "Second round"). */
public final class JvmFlags {
    /**
     * A process that checks who links to it (drover.common.link.LinkGuard) reads the peer's pid: it takes
     * the socket's descriptor from the JDK's channel and calls getsockopt(2).
     */
    private static final List<String> PEER_CHECK =
            List.of("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");

    /** The module of large_payload=chronicle's store. */
    private static final String CHRONICLE = "chronicle";

    private JvmFlags() {
    }

    /** Flags every child shares. */
    private static List<String> common(DroverHome home, DroverConfig config) {
        List<String> flags = new ArrayList<>(List.of(
                "-XX:+UseSerialGC",
                // the JVM's default first heap is 1/64 of the machine's memory, touched as it fills
                // before the first collection: a small one keeps an idle child small (docs/benchmarks-history.md)
                "-Xms8m",
                // hands malloc'd memory the JVM freed (compiler arenas, mostly) back to the OS every
                // second: about 6 MiB less per idle process (docs/benchmarks-history.md)
                "-XX:TrimNativeHeapInterval=1000",
                // a full collection shrinks the heap at once rather than over four: HeapTrim's one
                // collection after a burst gives the memory back (docs/benchmarks-history.md, "Fifth round")
                "-XX:-ShrinkHeapInSteps",
                // no hsperfdata file in /tmp: a killed child must leave nothing behind
                "-XX:-UsePerfData",
                "-Ddrover.debug=" + Boolean.getBoolean("drover.debug")));
        if (chronicle(config)) {
            flags.addAll(StoreModuleOptions.of(home, CHRONICLE)); // it opens JDK internals: only when chosen
        }
        return flags;
    }

    /**
     * The command-line flags of a child of this role: Drover's own, then the operator's
     * {@code <role>_jvm_options}, later on the line so that they win (an -Xmx over worker_heap_max).
     */
    public static List<String> of(DroverHome home, DroverConfig config, ProcessRole role) {
        List<String> flags = role == ProcessRole.REACTOR ? reactor(home, config) : worker(home, config);
        flags.addAll(switch (role) {
            case REACTOR -> config.reactorJvmOptions();
            case TASK_WORKER -> config.taskWorkerJvmOptions();
            default -> config.workerJvmOptions();
        });
        return flags;
    }

    /**
     * Whether a child of this role may start from the workers' AOT cache, which is built with the
     * workers' flags: a JVM started with other flags would find it does not match.
     */
    static boolean sharesWorkersAotCache(DroverConfig config, ProcessRole role) {
        if (config.baseMode() && role == ProcessRole.WORKER) {
            return false; // a base worker runs another class path and main than the cache was trained on
        }
        return role == ProcessRole.WORKER
                || role == ProcessRole.TASK_WORKER && config.taskWorkerJvmOptions().equals(config.workerJvmOptions());
    }

    /**
     * Workers and task workers: C1 only, for a fast spawn (docs/benchmarks-history.md, "Worker spawn
     * and the AOT cache"); a small initial heap that grows to worker_heap_max. server_mode=base workers
     * too, though they do the reactor's I/O: with C2 they spent 11-74 us of CPU per HTTP request on a
     * loaded machine, against 15-16 us with C1 only (docs/benchmarks-history.md, "Base mode").
     */
    private static List<String> worker(DroverHome home, DroverConfig config) {
        List<String> flags = common(home, config);
        flags.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xmx" + config.workerHeapMax()));
        addPeerCheck(flags); // a task worker checks the workers that link to it, as the reactor does
        return flags;
    }

    /**
     * The reactor is started once and carries every packet: it gets C2 (docs/benchmarks-history.md,
     * "JIT of the reactor").
     */
    private static List<String> reactor(DroverHome home, DroverConfig config) {
        List<String> flags = common(home, config);
        addPeerCheck(flags);
        return flags;
    }

    private static void addPeerCheck(List<String> flags) {
        for (String flag : PEER_CHECK) {
            if (!flags.contains(flag)) { // Chronicle's options may have it already
                flags.add(flag);
            }
        }
    }

    /**
     * A child's class path. Chronicle's jars come only with large_payload=chronicle: they could
     * clash with an app's (SLF4J, ASM, JNA). The AOT training uses the workers' path, so a cache
     * built for one setting is never offered to workers started with the other.
     */
    public static String classPath(DroverHome home, DroverConfig config, ProcessRole role) {
        String own = home.classPath(role == ProcessRole.REACTOR ? "reactor"
                : role == ProcessRole.WORKER && config.baseMode() ? "base" : "worker");
        return chronicle(config) ? own + File.pathSeparator + home.classPath(CHRONICLE) : own;
    }

    private static boolean chronicle(DroverConfig config) {
        return config.largePayload() == LargePayload.CHRONICLE;
    }
}
