package drover.common.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One log for the whole process: lines of {@code time LEVEL process pid=N message}, written whole to
 * standard error or appended to log_file (every Drover process appends to the same file, and a
 * single write of a line with O_APPEND keeps lines from interleaving).
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static volatile String process = "drover";
    private static volatile OutputStream out = System.err;
    private static final long PID = ProcessHandle.current().pid();

    private Log() {
    }

    /** Names this process in every line, and sends lines to the file when one is given. */
    public static synchronized void configure(String processName, Path file) throws IOException {
        process = processName;
        if (file != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            OutputStream previous = out;
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (previous != System.err) {
                previous.close();
            }
        }
    }

    public static void debug(String message) {
        if (Boolean.getBoolean("drover.debug")) {
            write(Level.DEBUG, message, null);
        }
    }

    public static void info(String message) {
        write(Level.INFO, message, null);
    }

    public static void warn(String message) {
        write(Level.WARN, message, null);
    }

    public static void error(String message) {
        write(Level.ERROR, message, null);
    }

    public static void error(String message, Throwable cause) {
        write(Level.ERROR, message, cause);
    }

    private static void write(Level level, String message, Throwable cause) {
        StringBuilder line = new StringBuilder(96 + message.length())
                .append(Instant.now()).append(' ')
                .append(String.format("%-5s", level)).append(' ')
                .append(process).append(" pid=").append(PID).append(' ')
                .append(message).append('\n');
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
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
