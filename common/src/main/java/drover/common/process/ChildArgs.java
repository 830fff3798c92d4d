package drover.common.process;

import java.nio.file.Path;

/**
 * The arguments the manager gives every child JVM: {@code --run-dir DIR --slot N --generation G
 * [--app-jar JAR [--app-origin JAR]]}: the jar a worker loads (the manager's copy) and the jar the
 * operator deployed, whose name the worker reports and whose folder its manifest Class-Path is
 * relative to. Children are started only by the manager, so a bad argument is a bug: it throws.
 */
public record ChildArgs(Path runDir, int slot, int generation, Path appJar, Path appOrigin) {
    static ChildArgs parse(String[] args) {
        Path runDir = null;
        Path appJar = null;
        Path appOrigin = null;
        int slot = -1;
        int generation = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--run-dir" -> runDir = Path.of(args[i + 1]);
                case "--slot" -> slot = Integer.parseInt(args[i + 1]);
                case "--generation" -> generation = Integer.parseInt(args[i + 1]);
                case "--app-jar" -> appJar = Path.of(args[i + 1]);
                case "--app-origin" -> appOrigin = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown child argument " + args[i]);
            }
        }
        if (runDir == null || slot < 0) {
            throw new IllegalArgumentException("usage: --run-dir DIR --slot N [--generation G] [--app-jar JAR [--app-origin JAR]]");
        }
        return new ChildArgs(runDir, slot, generation, appJar, appOrigin == null ? appJar : appOrigin);
    }
}
