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

    /**
     * Flags of every JVM Drover starts, the manager's included (docs/OPERATIONS.md, "JVM flags"): an
     * idle server is four or more JVMs, so each one's footprint counts several times over.
     */
    public static final List<String> FOOTPRINT = List.of(
            "-XX:+UseSerialGC",
            // hands malloc'd memory the JVM freed (compiler arenas, mostly) back to the OS every
            // second: about 6 MiB less per idle process (docs/benchmarks-history.md)
            "-XX:TrimNativeHeapInterval=1000",
            // a full collection shrinks the heap at once rather than over four: HeapTrim's one
            // collection after a burst gives the memory back (docs/benchmarks-history.md, "Fifth round")
            "-XX:-ShrinkHeapInSteps",
            // no hsperfdata file in /tmp: a killed process must leave nothing behind
            "-XX:-UsePerfData");

    /**
     * The manager's first heap: it allocates next to nothing once the server runs, and every page of
     * the young generation is touched as allocation cycles through it. 2 MiB holds 1.5 MiB less than
     * 8 MiB when idle (docs/benchmarks-history.md, "Idle memory (issue 25)").
     */
    private static final String MANAGER_HEAP = "-Xms2m";

    /**
     * The first heap of a process that serves (reactors, workers, task workers); the JVM's default is
     * 1/64 of the machine's memory. Not 2 MiB, though idle they would keep 1.5-1.8 MiB less: a young
     * generation sized from 2 MiB collected twice as often under load, a worker under HTTP hello (0.17 us
     * more pause per request) and a reactor under HTTPS hello (1.0 s of pauses in 6 s against 0.5 s).
     */
    private static final String SERVING_HEAP = "-Xms8m";

    /** C1 only, one compiler thread: for a fast start (workers) or a process that does little (the manager). */
    private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");

    private JvmFlags() {
    }

    /**
     * The manager's own JVM, as DaemonLauncher starts it and scripts/lib/java.sh runs {@code drover start}
     * (JvmFlagsTest holds the script to the same list).
     */
    public static List<String> manager() {
        List<String> flags = new ArrayList<>(FOOTPRINT);
        flags.add(MANAGER_HEAP);
        flags.addAll(C1_ONLY);
        // no CDS archive for the long-lived manager: its mapped, relocated pages cost 2 MiB more of
        // idle RSS than loading the classes it uses; about 80 ms more at start
        // (docs/benchmarks-history.md, "Seventh round")
        flags.add("-Xshare:off");
        flags.add("--enable-native-access=ALL-UNNAMED"); // ProcessSignals and ChildScheduling call libc
        return flags;
    }

    /** Flags every child shares: the footprint's and Drover's own properties. */
    private static List<String> common(DroverHome home, DroverConfig config) {
        List<String> flags = new ArrayList<>(FOOTPRINT);
        flags.add("-Ddrover.debug=" + Boolean.getBoolean("drover.debug"));
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
        List<String> flags = role == ProcessRole.REACTOR ? reactor(home, config) : worker(home, config, role);
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
     * and the AOT cache"); a small initial heap that grows to worker_heap_max. Not server_mode=base
     * workers: they read and write every client byte, as the reactor does, and get C2 as it does. On
     * a quiet machine C2 took their CPU per 64 B echo from 7.0-8.5 to 6.1-6.4 us and per HTTP request
     * from 11.9-12.5 to 8.4-10.4 us (docs/benchmarks-history.md, "Base mode").
     */
    private static List<String> worker(DroverHome home, DroverConfig config, ProcessRole role) {
        List<String> flags = common(home, config);
        flags.add(SERVING_HEAP);
        if (!(config.baseMode() && role == ProcessRole.WORKER)) {
            flags.addAll(C1_ONLY);
        }
        flags.add("-Xmx" + config.workerHeapMax());
        addPeerCheck(flags); // a task worker checks the workers that link to it, as the reactor does
        return flags;
    }

    /**
     * The reactor is started once and carries every packet: it gets C2 (docs/benchmarks-history.md,
     * "JIT of the reactor").
     */
    private static List<String> reactor(DroverHome home, DroverConfig config) {
        List<String> flags = common(home, config);
        flags.add(SERVING_HEAP);
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
