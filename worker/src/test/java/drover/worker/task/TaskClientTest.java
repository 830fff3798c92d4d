package drover.worker.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameHeader;
import drover.common.frame.FrameType;
import drover.common.link.LinkInput;
import drover.common.link.RunDir;
import drover.common.loop.EventLoop;
import drover.common.loop.LoopRole;
import drover.common.payload.PayloadLimits;
import drover.common.payload.TempFileStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The worker's side of task links, against fake task workers on real Unix-domain sockets. */
@Timeout(30)
class TaskClientTest {
    @TempDir
    Path dir;

    private EventLoop loop;
    private RunDir runDir;
    private final List<String> outcomes = new ArrayList<>();
    private final Map<Long, byte[]> results = new HashMap<>();

    @BeforeEach
    void open() throws IOException {
        loop = new EventLoop("test loop");
        runDir = new RunDir(dir);
    }

    @AfterEach
    void close() throws IOException {
        loop.close();
    }

    /** Payloads above 1 KiB take the large-payload path; messages up to 8 MiB. */
    private static final PayloadLimits LIMITS = new PayloadLimits(1024, 8 << 20, 64L << 20);

    private TaskClient client(int taskWorkerNum, int queueMax) {
        return new TaskClient(loop, runDir, 3, taskWorkerNum, queueMax, LIMITS, null);
    }

    private TaskCall call(long id) {
        return call(id, ("task " + id).getBytes(StandardCharsets.UTF_8));
    }

    private TaskCall call(long id, byte[] data) {
        return new TaskCall(id, data, new TaskCall.Reply() {
            @Override
            public void finished(byte[] result) {
                results.put(id, result);
                outcomes.add(id + " finished " + (result.length > 100 ? result.length + " bytes"
                        : new String(result, StandardCharsets.UTF_8)));
            }

            @Override
            public void failed(String reason) {
                outcomes.add(id + " failed " + reason);
            }
        });
    }

    /** Turns the worker's event loop, as the worker does (flushing before each select), until the condition holds. */
    private void turnUntil(TaskClient client, BooleanSupplier condition) throws IOException {
        LoopRole worker = new LoopRole() {
            @Override
            public void beforeSelect() {
                client.flush();
            }

            @Override
            public boolean doneStopping(long now) {
                return true;
            }
        };
        while (!condition.getAsBoolean()) {
            loop.turn(worker);
        }
    }

    @Test
    void withoutTaskWorkersATaskFailsAtOnce() {
        TaskClient client = client(0, 8);
        client.submit(call(1));
        assertEquals(List.of("1 failed no task workers: task_worker_num is 0"), outcomes);
    }

    @Test
    void tasksWaitUntilATaskWorkerIsListedAndTheWaitIsBounded() throws Exception {
        TaskClient client = client(1, 2);
        client.submit(call(1));
        client.submit(call(2));
        client.submit(call(3));
        assertEquals(List.of("3 failed task queue full (task_queue_max 2, no task worker linked yet)"), outcomes);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.flush();
            assertEquals(FrameType.HELLO, tw.next().type());
            assertEquals(new FakeTaskWorker.Received(FrameType.TASK, 1, "task 1"), tw.next());
            assertEquals(new FakeTaskWorker.Received(FrameType.TASK, 2, "task 2"), tw.next());
            tw.answer(2, 0, "two");
            tw.answer(1, FrameType.TASK_FAILED_FLAG, "onTask threw x");
            turnUntil(client, () -> outcomes.size() == 3);
            assertEquals(List.of("3 failed task queue full (task_queue_max 2, no task worker linked yet)",
                    "2 finished two", "1 failed onTask threw x"), outcomes);
            assertEquals(0, client.outstanding());
        }
    }

    @Test
    void aTaskWorkerNeverHoldsMoreThanItsQueueAndOneRunningOfOneWorkersTasks() throws Exception {
        TaskClient client = client(1, 2);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            for (long id = 1; id <= 5; id++) {
                client.submit(call(id));
            }
            assertEquals(List.of("4 failed task queue full (task_queue_max 2)", "5 failed task queue full (task_queue_max 2)"),
                    outcomes);
            assertEquals(3, client.outstanding());
        }
    }

    @Test
    void eachTaskGoesToTheTaskWorkerWithFewestOutstandingAndADroppedOneIsDrainedAfterItsLastTask() throws Exception {
        TaskClient client = client(2, 8);
        try (FakeTaskWorker first = new FakeTaskWorker(runDir, 0, 1); FakeTaskWorker second = new FakeTaskWorker(runDir, 1, 1)) {
            client.taskWorkers("0:1,1:1");
            for (long id = 1; id <= 4; id++) {
                client.submit(call(id));
            }
            client.taskWorkers("1:1, 0:2:bad"); // task_worker#0 retired; a malformed entry is ignored
            client.submit(call(5));
            client.flush();
            List<FakeTaskWorker.Received> toFirst = List.of(first.next(), first.next(), first.next(), first.next());
            assertEquals(FrameType.HELLO, toFirst.get(0).type());
            assertEquals(2, toFirst.stream().filter(r -> r.type() == FrameType.TASK).count(), "two each: " + toFirst);
            assertEquals(FrameType.DRAIN, toFirst.get(3).type(), "DRAIN follows its last task");
            List<FakeTaskWorker.Received> toSecond = List.of(second.next(), second.next(), second.next(), second.next());
            assertEquals(List.of(FrameType.HELLO, FrameType.TASK, FrameType.TASK, FrameType.TASK),
                    toSecond.stream().map(FakeTaskWorker.Received::type).toList(), "new tasks go to the listed one");
            assertEquals(5, toSecond.get(3).taskId());
        }
    }

    @Test
    void aLinkThatBreaksFailsItsOutstandingTasksAndALateResultOfACancelledTaskIsDropped() throws Exception {
        TaskClient client = client(1, 8);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.submit(call(1));
            client.submit(call(2));
            client.submit(call(3));
            client.flush();
            tw.next();
            tw.next();
            tw.next();
            tw.next();
            client.cancel(1); // its caller's taskwait timed out
            tw.answer(1, 0, "late");
            tw.answer(2, 0, "two");
            turnUntil(client, () -> outcomes.size() == 1);
            tw.die();
            turnUntil(client, () -> outcomes.size() == 2);
            assertEquals("2 finished two", outcomes.get(0));
            assertTrue(outcomes.get(1).startsWith("3 failed task_worker#0 (generation 1) ended before answering"),
                    outcomes.get(1));
            assertEquals(0, client.outstanding());
        }
    }

    /**
     * A task submitted after a large one has started is whole at the task worker before the large
     * one's last chunk: the 3 MiB task cannot fit the socket, so its chunks still queued must let the
     * small one pass.
     */
    @Test
    void aSmallTaskOvertakesTheChunksOfALargeOneAndBothArriveWhole() throws Exception {
        TaskClient client = client(1, 8);
        byte[] large = random(3 << 20, 1);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.submit(call(1, large));
            client.flush(); // the first chunk goes out, in part: nobody reads yet
            client.submit(call(2));
            List<FakeTaskWorker.Frame> frames = new ArrayList<>();
            byte[][] joined = new byte[3][];
            LinkInput input = new LinkInput(LIMITS, (h, p) -> joined[(int) h.sessionId()] = LinkInput.bytes(p));
            assertEquals(FrameType.HELLO, tw.next().type());
            // the fake reads on its own thread (it blocks for whole frames) while this one turns the client
            Thread reading = Thread.ofVirtual().start(() -> {
                try {
                    while (joined[1] == null) {
                        FakeTaskWorker.Frame frame = tw.nextFrame();
                        frames.add(frame);
                        input.onFrame(frame.header(), ByteBuffer.wrap(frame.payload()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (reading.isAlive()) {
                client.flush();
                reading.join(java.time.Duration.ofMillis(1));
            }
            assertArrayEquals(large, joined[1], "the large task, joined, byte for byte");
            assertArrayEquals("task 2".getBytes(StandardCharsets.UTF_8), joined[2], "the small task came whole");
            List<String> order = frames.stream().map(f -> f.header().sessionId()
                    + ((f.header().flags() & FrameHeader.CHUNK_FLAG) != 0 ? " chunk" : " whole")).toList();
            assertEquals("1 chunk", order.get(0));
            assertEquals("2 whole", order.get(1), "the small task went between the large one's chunks: " + order);
            assertTrue(order.size() >= 4 && order.subList(2, order.size()).stream().allMatch("1 chunk"::equals), order.toString());
        }
    }

    @Test
    void aLargeResultComesInChunksAndReachesTheCallerWhole() throws Exception {
        TaskClient client = client(1, 8);
        byte[] result = random(5 << 20, 2);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.submit(call(1));
            client.flush();
            tw.next();
            assertEquals(new FakeTaskWorker.Received(FrameType.TASK, 1, "task 1"), tw.next());
            Thread answering = Thread.ofVirtual().start(() -> {
                try {
                    tw.answerLarge(1, result, LIMITS);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            turnUntil(client, () -> !outcomes.isEmpty());
            answering.join();
            assertEquals(List.of("1 finished " + result.length + " bytes"), outcomes);
            assertArrayEquals(result, results.get(1L));
        }
    }

    @Test
    void withAPayloadStoreALargeTaskCrossesAsAReferenceToAFileTheReceiverDeletes() throws Exception {
        Path files = Files.createDirectory(dir.resolve("payloads"));
        TempFileStore store = new TempFileStore(files, dir, ProcessHandle.current().pid());
        TaskClient client = new TaskClient(loop, runDir, 3, 1, 8, LIMITS, store);
        byte[] large = random(2 << 20, 3);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.submit(call(7, large));
            client.flush();
            tw.next();
            FakeTaskWorker.Frame ref = tw.nextFrame();
            assertEquals(FrameType.PAYLOAD_REF, ref.header().type());
            assertEquals(7, ref.header().sessionId());
            byte[][] taken = new byte[1][];
            new LinkInput(LIMITS, store, (h, p) -> {
                assertEquals(FrameType.TASK, h.type());
                taken[0] = LinkInput.bytes(p);
            }).onFrame(ref.header(), ByteBuffer.wrap(ref.payload()));
            assertNotNull(taken[0]);
            assertArrayEquals(large, taken[0]);
            try (var left = Files.list(files)) {
                assertFalse(left.findAny().isPresent(), "the receiver deleted the file");
            }
        }
    }

    @Test
    void aTaskWorkerThatSendsAMalformedChunkLosesItsLinkAndItsTasksFail() throws Exception {
        TaskClient client = client(1, 8);
        try (FakeTaskWorker tw = new FakeTaskWorker(runDir, 0, 1)) {
            client.taskWorkers("0:1");
            client.submit(call(1));
            client.flush();
            tw.next();
            tw.next();
            tw.answer(1, FrameHeader.CHUNK_FLAG, "a chunk without its first");
            turnUntil(client, () -> !outcomes.isEmpty());
            assertTrue(outcomes.get(0).startsWith("1 failed task_worker#0 (generation 1) ended before answering "
                    + "(a chunk of a large FINISH for session 1 came without its first chunk)"), outcomes.get(0));
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
