package drover.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import drover.common.config.DroverConfig;
import drover.common.link.UnixSockets;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reactor thread whose loop fails (here an Error from a task on its loop; in the field a SIGBUS
 * turned InternalError, or an OutOfMemoryError) does not die silently: it closes what it holds and
 * reports the failure, on which the reactor process exits for the manager to replace it.
 */
class ReactorThreadCrashTest {
    @TempDir
    Path dir;

    @Test
    void aLoopThatFailsStopsItsThreadAndReportsTheFailure() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("run_dir", dir.toString());
        DroverConfig config = DroverConfig.fromProperties(settings, "test");
        try (ServerSocketChannel linkServer = UnixSockets.listen(dir.resolve("link.sock"))) {
            ReactorThread loop = new ReactorThread(0, 0, 1, config, linkServer, new ConnectionQuota(10));
            CompletableFuture<Throwable> reported = new CompletableFuture<>();
            loop.onCrash(reported::complete);
            Thread thread = new Thread(loop, "crash-test");
            thread.start();
            InternalError failure = new InternalError("a fault occurred in an unsafe memory access operation");
            loop.execute(() -> {
                throw failure;
            });
            assertSame(failure, reported.get(10, TimeUnit.SECONDS));
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), "the thread ended");
            assertEquals(0, loop.counters().active);
        }
    }
}
