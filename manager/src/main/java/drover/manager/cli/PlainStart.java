package drover.manager.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the usual {@code start} command line without picocli: the manager serves for as long as the
 * server runs, and the classes picocli loads to parse it (its own, reflection's, annotations') stay
 * in its metaspace all that time, 3-4 MiB of its idle RSS (docs/benchmarks-history.md, "Idle
 * memory (issue 25)"). Only {@code start [--config FILE] [--set K=V]... [--daemon] APP_JAR} is read
 * here; anything else (help, a typo, a missing value) is left to picocli, which explains it.
 */
public final class PlainStart {
    private PlainStart() {
    }

    /** The start command these arguments name, or empty when picocli should read them. */
    public static Optional<StartCommand> parse(String[] args) {
        try {
            return read(args);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<StartCommand> read(String[] args) {
        if (args.length < 2 || !args[0].equals("start")) {
            return Optional.empty();
        }
        StartCommand start = new StartCommand();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            } else if ((arg.equals("--config") || arg.equals("--set")) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            }
            switch (arg) {
                case "--config" -> {
                    if (value == null || start.configFile != null) {
                        return Optional.empty();
                    }
                    start.configFile = Path.of(value);
                }
                case "--set" -> {
                    if (value == null) {
                        return Optional.empty();
                    }
                    start.sets.add(value);
                }
                case "--daemon", "--daemon-child" -> {
                    if (value != null) {
                        return Optional.empty();
                    }
                    start.daemon |= arg.equals("--daemon");
                    start.daemonChild |= arg.equals("--daemon-child");
                }
                default -> {
                    if (arg.startsWith("-") || value != null || start.appJar != null) {
                        return Optional.empty();
                    }
                    start.appJar = Path.of(arg);
                }
            }
        }
        return start.appJar == null ? Optional.empty() : Optional.of(start);
    }
}
