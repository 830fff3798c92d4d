package drover.manager.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import drover.common.log.Log;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Signals ProcessHandle cannot send (it knows TERM and KILL only): kill(2) through the FFM API.
 * The manager JVM runs with --enable-native-access=ALL-UNNAMED for this.
 */
public final class ProcessSignals {
    /** A JVM that receives it prints every thread's stack to its standard output and carries on. */
    public static final int SIGQUIT = 3;

    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private ProcessSignals() {
    }

    /** Returns false (and logs why) when the signal could not be sent, e.g. the process is gone. */
    public static boolean send(long pid, int signal) {
        try {
            int result = (int) KILL.invokeExact((int) pid, signal);
            if (result != 0) {
                Log.warn("kill(" + pid + ", " + signal + ") failed");
            }
            return result == 0;
        } catch (Throwable e) {
            Log.warn("cannot signal pid " + pid + ": " + e);
            return false;
        }
    }
}
