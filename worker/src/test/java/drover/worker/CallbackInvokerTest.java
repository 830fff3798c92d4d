package drover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * onReceive in both runners: what the app throws stays in the worker, except errors that end it; an
 * app that takes ByteBuffers is lent the frame's payload on the loop and given a copy elsewhere.
 */
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

    /** Takes packets as lent buffers: records each one it was handed and what it held, then throws what {@code next} gives. */
    static final class BufferApp implements DroverApp {
        final List<ByteBuffer> lent = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        RuntimeException next;

        @Override
        public void onReceive(Server server, long sessionId, ByteBuffer data) {
            lent.add(data);
            received.add(sessionId + ":" + StandardCharsets.US_ASCII.decode(data.duplicate()));
            if (next != null) {
                throw next;
            }
        }
    }

    final ThrowingApp app = new ThrowingApp();

    /** A frame's payload as the link reader hands it: a view of a larger buffer, not at position 0. */
    private static ByteBuffer framePayload(String packet) {
        ByteBuffer readBuffer = ByteBuffer.allocateDirect(64);
        readBuffer.position(20).put(packet.getBytes(StandardCharsets.US_ASCII));
        return readBuffer.duplicate().limit(20 + packet.length()).position(20);
    }

    @Test
    void inTheLoopAByteBufferAppIsLentTheFramesOwnPayloadAndItsThrowsAreLogged() {
        BufferApp bufferApp = new BufferApp();
        CallbackInvoker invoker = new CallbackInvoker(bufferApp, null, new CallbackRunner.LoopRunner());
        assertTrue(invoker.lendsPackets());
        ByteBuffer payload = framePayload("ping");
        bufferApp.next = new IllegalStateException("app bug");
        invoker.receive(3, payload);
        bufferApp.next = null;
        invoker.receive(4, framePayload("pong"));
        assertSame(payload, bufferApp.lent.get(0), "no copy and no new buffer in the loop");
        assertEquals(List.of("3:ping", "4:pong"), bufferApp.received);
    }

    @Test
    void offTheLoopAByteBufferAppGetsACopyThatOutlivesTheFrame() {
        BufferApp bufferApp = new BufferApp();
        List<Runnable> later = new ArrayList<>();
        CallbackInvoker invoker = new CallbackInvoker(bufferApp, null, deferring(later));
        assertFalse(invoker.lendsPackets());
        ByteBuffer payload = framePayload("ping");
        int at = payload.position();
        invoker.receive(3, payload);
        payload.put(at, "XXXX".getBytes(StandardCharsets.US_ASCII)); // the link reuses its buffer
        later.forEach(Runnable::run);
        assertNotSame(payload, bufferApp.lent.get(0));
        assertEquals(List.of("3:ping"), bufferApp.received);
    }

    @Test
    void anArrayAppGetsAnArrayOfItsOwnFromTheFramesPayload() {
        CallbackInvoker invoker = new CallbackInvoker(app, null, new CallbackRunner.LoopRunner());
        assertFalse(invoker.lendsPackets(), "its packets are copied, so large ones need not stay in place");
        invoker.receive(5, framePayload("abc"));
        assertEquals(List.of("5:abc"), app.received);
    }

    /** A runner that keeps each callback for the test to run later, as worker_mode=virtual's threads would. */
    private static CallbackRunner deferring(List<Runnable> later) {
        return new CallbackRunner() {
            @Override
            public void ordered(Object key, Runnable task) {
                later.add(task);
            }

            @Override
            public void unordered(Runnable task) {
                later.add(task);
            }

            @Override
            public int inFlight() {
                return later.size();
            }

            @Override
            public boolean acceptsMore(boolean readingNow) {
                return true;
            }
        };
    }

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

    /**
     * A stop's SESSION_DRAIN for an app without onDrain closes the sessions it has answered, and leaves
     * one whose reply is still to come (a task's onFinish) to the end of the stop's reading window.
     */
    @Test
    void aDrainClosesAnAnsweredSessionAndLeavesOneAwaitingItsReply() {
        List<Long> closed = new ArrayList<>();
        Server server = (Server) java.lang.reflect.Proxy.newProxyInstance(Server.class.getClassLoader(),
                new Class<?>[] {Server.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && args.length == 1) {
                        closed.add((Long) args[0]);
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        CallbackInvoker invoker = new CallbackInvoker(app, server, new CallbackRunner.LoopRunner(), session -> session == 8);
        invoker.drain(7);
        invoker.drain(8);
        assertEquals(List.of(7L), closed);
    }
}
