package drover.common.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One log for the whole server, lines of {@code time LEVEL process pid=N message}. Only the manager
 * writes the log file (or standard error): a child writes bare {@code LEVEL message} lines to its
 * standard error, which the manager captures ({@code ChildOutput}) and stamps with time, role,
 * slot and pid, exactly like anything else the child's JVM prints (a thread dump, an app's
 * System.out). So SIGHUP only has to reopen the manager's file for log rotation to work.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final long PID = ProcessHandle.current().pid();
    /**
     * In a captured child's line, separates the message from its stack trace, whose own line breaks
     * are written as this too: one record is one line on the pipe, so the manager can keep it whole
     * (one JSON object) or write it out as lines again (text).
     */
    static final char STACK_SEPARATOR = '\u001E';
    private static volatile Level threshold = Boolean.getBoolean("drover.debug") ? Level.DEBUG : Level.INFO;
    private static volatile boolean json;
    private static volatile String process = "drover";
    private static volatile OutputStream out = System.err;
    private static volatile Path file;
    /** True in a child: bare lines to stderr, the manager stamps them. */
    private static volatile boolean captured;
    /** Warnings a peer can repeat at will (warnThrottled); its summaries are flushed once a second. */
    private static final LogThrottle THROTTLE = new LogThrottle(Log::warn);
    private static final long FLUSH_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static volatile boolean throttleFlusherStarted;

    private Log() {
    }

    /** The manager (or a CLI command): names this process in every line, writes to the file when one is given. */
    public static synchronized void configure(String processName, Path logFile) throws IOException {
        process = processName;
        captured = false;
        if (logFile != null) {
            file = logFile.toAbsolutePath();
            swap(LogFiles.openAppend(file));
        }
    }

    /** A child process: its standard error is read by the manager, which adds time, role, slot and pid. */
    public static synchronized void configureCaptured(String processName) {
        process = processName;
        captured = true;
        file = null;
        swap(System.err);
    }

    /** log_level: lines less severe than this are not written (nor relayed, in the manager). */
    public static void threshold(Level level) {
        threshold = Boolean.getBoolean("drover.debug") ? Level.DEBUG : level;
    }

    /** Whether a line of this level would be written. */
    static boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** log_format=json: the manager writes one JSON object a line ({@link LogLineJson}). */
    public static void json(boolean enabled) {
        json = enabled;
    }

    /**
     * SIGHUP: reopens the log file by its name, so that after logrotate moved it the manager writes
     * to a fresh file. A failure keeps the old stream and says why in it.
     */
    public static synchronized void reopen() {
        if (file == null) {
            info("SIGHUP: no log_file to reopen (logging to standard error)");
            return;
        }
        try {
            swap(LogFiles.openAppend(file));
            info("log file reopened (SIGHUP): " + file);
        } catch (IOException e) {
            warn("cannot reopen log file " + file + ": " + e.getMessage() + "; still writing to the old one");
        }
    }

    private static void swap(OutputStream next) {
        OutputStream previous = out;
        out = next;
        if (previous != System.err && previous != next) {
            try {
                previous.close();
            } catch (IOException e) {
                System.err.println("closing the previous log stream failed: " + e.getMessage());
            }
        }
    }

    public static void debug(String message) {
        write(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        write(Level.INFO, message, null);
    }

    public static void warn(String message) {
        write(Level.WARN, message, null);
    }

    /** A line at any level, with the exception's stack trace when there is one (the JDK logging bridge). */
    static void log(Level level, String message, Throwable cause) {
        write(level, message, cause);
    }

    /**
     * A warning a peer can repeat at will: at most a few per kind and interval are written, then a
     * summary with the count ({@link LogThrottle}). {@code kind} names the warning in the summary.
     */
    public static void warnThrottled(String kind, String message) {
        startThrottleFlusher();
        THROTTLE.offer(kind, message, System.nanoTime());
    }

    private static void startThrottleFlusher() {
        if (throttleFlusherStarted) {
            return;
        }
        synchronized (THROTTLE) {
            if (throttleFlusherStarted) {
                return;
            }
            throttleFlusherStarted = true;
        }
        // a flood that stops still gets its summary line, within one interval
        Thread.ofPlatform().daemon().name("log-throttle").start(() -> {
            while (true) {
                LockSupport.parkNanos(FLUSH_TICK_NANOS);
                THROTTLE.flush(System.nanoTime());
            }
        });
    }

    public static void error(String message) {
        write(Level.ERROR, message, null);
    }

    public static void error(String message, Throwable cause) {
        write(Level.ERROR, message, cause);
    }

    /**
     * Writes the stack trace alone, under no line of its own: for a failure whose reason is logged
     * elsewhere (a child's boot error, which the manager logs).
     */
    public static void stackTrace(Throwable cause) {
        String trace = stackOf(cause);
        if (json && !captured) { // a JSON log takes no bare lines: the trace is one record's stack
            emit(line(Level.ERROR.name(), process, PID, String.valueOf(cause), trace));
        } else {
            emit(trace);
        }
    }

    /**
     * Writes a line another process produced, stamped with that process's name and pid (the manager's
     * relay). A child's own record may carry its stack trace after {@link #STACK_SEPARATOR}. Levelled
     * lines below log_level are dropped; "OUT" lines (anything else a child printed) never are.
     */
    public static void relay(String level, String processName, long pid, String message) {
        if (!level.equals("OUT") && !enabled(Level.valueOf(level))) {
            return;
        }
        int split = message.indexOf(STACK_SEPARATOR);
        String text = split < 0 ? message : message.substring(0, split);
        String stack = split < 0 ? null : message.substring(split + 1).replace(STACK_SEPARATOR, '\n');
        emit(line(level, processName, pid, text, stack));
    }

    private static void write(Level level, String message, Throwable cause) {
        if (!enabled(level)) {
            return;
        }
        String stack = cause == null ? null : stackOf(cause);
        if (captured) {
            StringBuilder line = new StringBuilder(8 + message.length()).append(level).append(' ').append(message);
            if (stack != null) {
                line.append(STACK_SEPARATOR).append(stack.stripTrailing().replace('\n', STACK_SEPARATOR));
            }
            emit(line.append('\n'));
        } else {
            emit(line(level.name(), process, PID, message, stack));
        }
    }

    private static String stackOf(Throwable cause) {
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static CharSequence line(String level, String processName, long pid, String message, String stack) {
        if (json) {
            return LogLineJson.format(Instant.now(), level, processName, pid, message, stack).append('\n');
        }
        StringBuilder line = new StringBuilder(96 + message.length())
                .append(Instant.now()).append(' ')
                .append(String.format("%-5s", level)).append(' ')
                .append(processName).append(" pid=").append(pid).append(' ')
                .append(message).append('\n');
        if (stack != null) {
            line.append(stack);
            if (!stack.endsWith("\n")) {
                line.append('\n');
            }
        }
        return line;
    }

    private static void emit(CharSequence line) {
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (Log.class) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                System.err.print(line); // the log file failed (full disk?): keep the line on stderr
            }
        }
    }
}
