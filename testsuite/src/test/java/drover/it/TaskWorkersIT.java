package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.it.apps.TaskProbeApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Task failures the app must see: a full queue, a throwing onTask, a taskwait timeout, a killed task worker. */
@Timeout(240)
class TaskWorkersIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1).set("task_worker_num=1");

    @TempDir
    Path temp;

    @Test
    void aFullTaskQueueRefusesTheExcessAndAThrowingTaskFailsWithItsReason() throws Exception {
        cluster.set("task_queue_max=2").start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            assertEquals("failed onTask threw java.lang.IllegalStateException: the probe's task fails on purpose",
                    client.request("throw"));
            assertTrue(client.request("wait 0 1000").startsWith("refused taskwait blocks, and on the worker's loop thread"),
                    "taskwait on the loop thread is refused with a clear reason");

            client.sendRaw(EchoClient.packet("burst 6 300".getBytes()));
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(client.readText());
            }
            long refused = answers.stream().filter(a -> a.equals("failed task queue full (task_queue_max 2)")).count();
            long done = answers.stream().filter(a -> a.startsWith("done slept 300 ")).count();
            assertEquals(6, refused + done, answers.toString());
            assertTrue(refused >= 1 && done >= 2, "two wait, the rest beyond task_queue_max are refused: " + answers);
            assertEquals("done slept 0 pid " + cluster.status().taskWorkerPid(0) + " worker 1 task true",
                    client.request("sleep 0"), "the task worker's id follows the worker ids; it serves on");
        }
        assertTrue(cluster.awaitLog("onTask threw for task").contains("the probe's task fails on purpose"));
    }

    @Test
    void aTaskwaitThatTimesOutFailsAndItsLateResultGoesNowhere() throws Exception {
        cluster.set("worker_mode=virtual").start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            String timedOut = client.request("wait 3000 300");
            assertTrue(timedOut.startsWith("failed timedOut=true taskwait timed out after 300 ms"), timedOut);
            // the next task queues behind the first in the one task worker: the late result comes first
            assertTrue(client.request("wait 0 20000").startsWith("done slept 0 "), "its own result, not the late one");
            assertEquals("0", client.request("finishes"), "the late result did not reach onFinish either");
        }
    }

    @Test
    void aKilledTaskWorkersTasksFailAndItIsRespawned() throws Exception {
        Status before = cluster.start(TestAppJar.build(TaskProbeApp.class, temp));
        long victim = before.taskWorkerPid(0);
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(EchoClient.packet("sleep 60000".getBytes()));
            cluster.awaitLog("probe task started 60000");
            cluster.signal(victim, "KILL");
            String failed = client.readText();
            assertTrue(failed.startsWith("failed task_worker#0 (generation 1) ended before answering"), failed);
            Status after = cluster.awaitStatus(s -> s.taskWorkerPid(0) != victim && s.isTaskWorkerReady(0),
                    "task_worker#0 respawned");
            assertEquals(1, after.taskWorkerNumber(0, "restarts"));
            assertEquals("done slept 0 pid " + after.taskWorkerPid(0) + " worker 1 task true", client.request("sleep 0"));
        }
    }

    @Test
    void aGracefulStopStillAnswersATaskInFlight() throws Exception {
        cluster.start(TestAppJar.build(TaskProbeApp.class, temp));
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(EchoClient.packet("sleep 1500".getBytes()));
            cluster.awaitLog("probe task started 1500");
            cluster.stop(); // workers stop first and wait for their tasks; the task workers after them
            assertTrue(client.readText().startsWith("done slept 1500 "), "the task's answer reached the client");
            assertTrue(client.closedByServer());
        }
        String log = cluster.log();
        assertTrue(log.matches("(?s).*\\sworker#0 pid=\\d+ exited.*task_worker#0 pid=\\d+ exited.*reactor#0 pid=\\d+ exited.*"),
                "workers, then task workers, then the reactor: " + log);
    }

    @Test
    void aTaskThatOutlivesWorkerTimeoutGetsItsTaskWorkerReplacedAsHung() throws Exception {
        Status before = cluster.set("worker_timeout=2").start(TestAppJar.build(TaskProbeApp.class, temp));
        long victim = before.taskWorkerPid(0);
        try (EchoClient client = new EchoClient(cluster.port())) {
            client.sendRaw(EchoClient.packet("sleep 60000".getBytes()));
            String failed = client.readText();
            assertTrue(failed.startsWith("failed task_worker#0 (generation 1) ended before answering"), failed);
            Status after = cluster.awaitStatus(s -> s.taskWorkerPid(0) != victim && s.isTaskWorkerReady(0),
                    "task_worker#0 replaced");
            assertEquals(before.workerPid(0), after.workerPid(0), "the worker, not stuck, stays");
            assertEquals("done slept 0 pid " + after.taskWorkerPid(0) + " worker 1 task true", client.request("sleep 0"));
        }
        assertTrue(cluster.log().contains("task_worker#0 pid=" + victim + " is hung: no heartbeat"), cluster.log());
    }
}
