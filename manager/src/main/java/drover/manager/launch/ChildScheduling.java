package drover.manager.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import drover.common.config.SchedPolicy;
import drover.common.log.Log;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Starts children under sched_policy. Linux gives a new process the policy of the thread that
 * started it, and every thread a JVM makes inherits its maker's, so the launching thread takes the
 * policy for the launch and goes back to its own after it: all of the child's threads, the JVM's
 * included, have it from their first instruction. The manager's threads keep theirs, but for the
 * JDK's "process reaper" threads a launch starts, which only wait for children to exit.
 * sched_setscheduler(2) through the FFM API (the manager runs with --enable-native-access).
 * Where the call is missing (not Linux) or refused, the child starts under the manager's own
 * policy and the log says so, once.
 */
final class ChildScheduling {
    /** A launch, as ProcessBuilder.start() throws. */
    interface Launch<T> {
        T start() throws IOException;
    }

    static final int SCHED_OTHER = 0;
    static final int SCHED_BATCH = 3;

    /** Made on first use: the FFM linker costs the manager about 2 MiB, which sched_policy=normal never needs. */
    private static final class Calls {
        static final Optional<MethodHandle> SET = downcall("sched_setscheduler",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final Optional<MethodHandle> GET = downcall("sched_getscheduler",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static volatile boolean warned;

    private ChildScheduling() {
    }

    private static Optional<MethodHandle> downcall(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, descriptor));
    }

    /**
     * Runs the launch with the calling thread under the policy. Normal, or a thread already under a
     * policy other than SCHED_OTHER: under the thread's own.
     */
    static <T> T launchUnder(SchedPolicy policy, Launch<T> launch) throws IOException {
        if (policy == SchedPolicy.NORMAL) {
            return launch.start();
        }
        // only from the normal policy: a manager an operator started under another (chrt) keeps it for
        // its children, and a real-time one could not be restored without its priority
        boolean switched = currentPolicy() == SCHED_OTHER && set(SCHED_BATCH, "sched_policy=batch");
        try {
            return launch.start();
        } finally {
            if (switched) {
                set(SCHED_OTHER, "restoring the manager thread's scheduling policy");
            }
        }
    }

    /** The calling thread's policy (SCHED_OTHER, SCHED_BATCH, ...), or -1 when it cannot be read. */
    static int currentPolicy() {
        if (Thread.currentThread().isVirtual() || Calls.GET.isEmpty()) { // a virtual thread may change carrier
            return -1;
        }
        try {
            return (int) Calls.GET.get().invokeExact(0);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static boolean set(int policy, String why) {
        if (Calls.SET.isEmpty()) {
            warnOnce(why + ": this system has no sched_setscheduler; children run under the manager's policy");
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment param = arena.allocate(JAVA_INT); // struct sched_param { int sched_priority; } = 0
            int result = (int) Calls.SET.get().invokeExact(0, policy, param);
            if (result != 0) {
                warnOnce(why + ": sched_setscheduler(" + policy + ") was refused; children run under the manager's policy");
                return false;
            }
            return true;
        } catch (Throwable e) {
            warnOnce(why + ": sched_setscheduler failed (" + e + "); children run under the manager's policy");
            return false;
        }
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            Log.warn(message);
        }
    }
}
