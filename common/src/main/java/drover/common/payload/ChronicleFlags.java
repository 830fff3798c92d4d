package drover.common.payload;

import java.util.List;

/**
 * The JVM options a process needs to run Chronicle Queue on Java 25 (large_payload=chronicle). The
 * manager adds them to a child's command line only when that setting is chosen, with the module's jars.
 *
 * <p>In {@code common}, not in the {@code chronicle} module: the manager builds the command line before
 * the child's JVM starts, and the manager does not depend on the {@code chronicle} module (its jars
 * reach only the children that run the store), so the flags must live where the manager sees them.
 * Plain strings: nothing here loads Chronicle.
 */
public final class ChronicleFlags {
    /**
     * Without the first three, Chronicle cannot map its files (it reaches into sun.nio.ch and
     * jdk.internal.ref and reflects on java.lang.reflect). The next two stop the JDK's warnings about
     * JNA/jffi loading native code and about sun.misc.Unsafe, which Chronicle uses throughout. 
     * chronicle.analytics.disable matters most: Chronicle must never try to send usage analytics from
     * a server. The last stops SLF4J's notice that it has no provider (ChronicleLog routes Chronicle's
     * messages to the Drover log instead).
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dchronicle.analytics.disable=true",
            "-Dslf4j.internal.verbosity=ERROR");

    private ChronicleFlags() {
    }
}
