package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** onReceive in both runners: what the app throws stays in the worker, except errors that end it. */
class CallbackInvokerTest {
    /** Records each packet, then throws what the next supplier gives (null: returns normally). */
    static final class ThrowingApp implements DroverApp {
        final List<String> received = new ArrayList<>();
        Supplier<Throwable> next = () -> null;

        @Override
        public void onReceive(Server server, long sessionId, byte[] data) {
            received.add(sessionId + ":" + new String(data));
            Throwable t = next.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    final ThrowingApp app = new ThrowingApp();

    @Test
    void inTheLoopAnAppExceptionOrLinkageErrorIsLoggedAndTheNextPacketIsServed() {
        CallbackInvoker invoker = new CallbackInvoker(app, null, new CallbackRunner.LoopRunner());
        app.next = () -> new IllegalStateException("app bug");
        invoker.receive(1, "a".getBytes());
        app.next = () -> new NoClassDefFoundError("missing/AppClass");
        invoker.receive(2, "b".getBytes());
        app.next = () -> null;
        invoker.receive(1, "c".getBytes());
        assertEquals(List.of("1:a", "2:b", "1:c"), app.received);
    }

    @Test
    void inTheLoopOtherErrorsEndTheWorker() {
        CallbackInvoker invoker = new CallbackInvoker(app, null, new CallbackRunner.LoopRunner());
        app.next = () -> new OutOfMemoryError("heap");
        assertThrows(OutOfMemoryError.class, () -> invoker.receive(1, "a".getBytes()));
    }

    @Test
    void aRunnerThatIsNotTheLoopGetsThePacketsInOrder() {
        List<Object> keys = new ArrayList<>();
        CallbackRunner recording = new CallbackRunner() {
            @Override
            public void ordered(Object key, Runnable task) {
                keys.add(key);
                task.run();
            }

            @Override
            public void unordered(Runnable task) {
                task.run();
            }

            @Override
            public int inFlight() {
                return 0;
            }

            @Override
            public boolean acceptsMore(boolean readingNow) {
                return true;
            }
        };
        CallbackInvoker invoker = new CallbackInvoker(app, null, recording);
        app.next = () -> new IllegalStateException("app bug");
        invoker.receive(7, "x".getBytes());
        invoker.receive(8, "y".getBytes());
        assertEquals(List.of(7L, 8L), keys, "each packet keyed by its session");
        assertEquals(List.of("7:x", "8:y"), app.received);
    }
}
