package drover.chronicle;

import drover.common.log.Log;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import org.slf4j.Logger;

/**
 * Chronicle reports its problems through SLF4J, which has no provider in Drover's processes: they
 * would vanish. This sends its errors and warnings to Drover's log instead, and drops its debug lines.
 */
final class ChronicleLog {
    private ChronicleLog() {
    }

    static void install() {
        Jvm.setExceptionHandlers(to("error"), to("warn"), ExceptionHandler.ignoresEverything());
    }

    private static ExceptionHandler to(String level) {
        return new ExceptionHandler() {
            @Override
            public void on(Logger logger, String message, Throwable thrown) {
                String line = "Chronicle " + (logger == null ? "" : logger.getName() + ": ") + message
                        + (thrown == null ? "" : ": " + thrown);
                if (level.equals("error")) {
                    Log.error(line);
                } else {
                    Log.warn(line);
                }
            }
        };
    }
}
