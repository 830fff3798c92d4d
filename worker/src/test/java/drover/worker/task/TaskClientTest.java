package drover.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameType;
import drover.common.link.RunDir;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private Selector selector;
    private RunDir runDir;
    private final List<String> outcomes = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        selector = Selector.open();
        runDir = new RunDir(dir);
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
    }

    private TaskClient client(int taskWorkerNum, int queueMax) {
        return new TaskClient(selector, runDir, 3, taskWorkerNum, queueMax, 1 << 20);
    }

    private TaskCall call(long id) {
        return new TaskCall(id, ("task " + id).getBytes(StandardCharsets.UTF_8), new TaskCall.Reply() {
            @Override
            public void finished(byte[] result) {
                outcomes.add(id + " finished " + new String(result, StandardCharsets.UTF_8));
            }

            @Override
            public void failed(String reason) {
                outcomes.add(id + " failed " + reason);
            }
        });
    }

    /** Turns the client's "loop" until the condition holds. */
    private void turnUntil(TaskClient client, BooleanSupplier condition) throws IOException {
        while (!condition.getAsBoolean()) {
            client.flush();
            selector.select(10);
            for (SelectionKey key : selector.selectedKeys()) {
                client.handleReady(key);
            }
            selector.selectedKeys().clear();
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
}
