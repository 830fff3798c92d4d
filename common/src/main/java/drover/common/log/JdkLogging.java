package drover.common.log;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes java.util.logging, and so the JDK's System.Logger (whose default backend it is), into Drover's
 * log: an app that logs through either gets its records in the server's one log, with the level, the
 * log_level threshold and the exception's stack trace kept, instead of the JDK's two-line console format.
 */
public final class JdkLogging {
    private JdkLogging() {
    }

    /** Replaces the root logger's handlers with one that writes to {@link Log}, at the given threshold. */
    public static void routeToDroverLog(Log.Level threshold) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(julLevel(threshold));
        root.addHandler(new DroverHandler());
    }

    static Level julLevel(Log.Level level) {
        return switch (level) {
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARN -> Level.WARNING;
            case ERROR -> Level.SEVERE;
        };
    }

    static Log.Level droverLevel(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return Log.Level.ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return Log.Level.WARN;
        }
        return value >= Level.INFO.intValue() ? Log.Level.INFO : Log.Level.DEBUG;
    }

    private static final class DroverHandler extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            String message = formatter.formatMessage(record); // fills {0} parameters, as the JDK's own handlers do
            String logger = record.getLoggerName();
            Log.log(droverLevel(record.getLevel()), logger == null || logger.isEmpty() ? message : logger + ": " + message,
                    record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
