package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/tasks: sums computed in task workers, whose processes status lists, reloaded (USR2) and recycled without loss. */
@Timeout(240)
class TasksExampleIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    @Test
    void theSumIsComputedInATaskWorkerAndComesBackToTheCallingWorker() throws Exception {
        Status status = cluster.start(DroverCluster.TASKS_JAR);
        assertEquals(2, status.taskWorkerCount(), "task_worker_num=2 from the jar's drover.properties: " + status);
        Set<Long> taskPids = Set.of(status.taskWorkerPid(0), status.taskWorkerPid(1));
        Set<Long> workerPids = Set.of(status.workerPid(0), status.workerPid(1));
        try (EchoClient client = new EchoClient(cluster.port())) {
            Matcher m = Pattern.compile("sum=55 task_pid=(\\d+) worker_pid=(\\d+)").matcher(client.request("10"));
            assertTrue(m.matches(), m.toString());
            assertTrue(taskPids.contains(Long.parseLong(m.group(1))), "a task worker's pid: " + m.group(1));
            assertTrue(workerPids.contains(Long.parseLong(m.group(2))), "a worker's pid: " + m.group(2));
            assertTrue(client.request("0").startsWith("sum=0 "));
            assertTrue(client.request("4000000000").startsWith("sum=8000000002000000000 "));
            assertEquals("error: N must be 0 or more, got -1", client.request("-1"));
            assertEquals("error: not a decimal number: 'ten'", client.request("ten"));
            assertEquals("error: the sum 1+..+5000000000 does not fit a long", client.request("5000000000"));
        }
        Set<Long> used = new HashSet<>();
        try (TaskLoad load = new TaskLoad(cluster.port(), 4)) {
            load.awaitMoreAnswers(200);
            load.stop();
            used.addAll(load.taskPids());
        }
        assertEquals(taskPids, used, "tasks are spread over both task workers");
        Status after = cluster.awaitStatus(s -> s.taskWorkerTotalOf("requests") >= 200, "task counts in status");
        assertEquals(0, after.taskWorkerTotalOf("restarts"));
    }

    @Test
    void usr2ReplacesEveryTaskWorkerUnderLoadWithNoTaskLostOrAnsweredTwice() throws Exception {
        Status before = cluster.start(DroverCluster.TASKS_JAR);
        try (TaskLoad load = new TaskLoad(cluster.port(), 6)) {
            load.awaitMoreAnswers(300);
            cluster.signal(before.managerPid(), "USR2");
            Status after = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "task reload finished");
            assertEquals("ok", after.reloadResult(), after.toString());
            for (int i = 0; i < 2; i++) {
                assertNotEquals(before.taskWorkerPid(i), after.taskWorkerPid(i), "task_worker#" + i + " was replaced");
                assertEquals(before.workerPid(i), after.workerPid(i), "USR2 leaves worker#" + i + " alone");
                assertEquals(0, after.taskWorkerNumber(i, "restarts"), "a reload is not a crash");
            }
            load.awaitMoreAnswers(300); // the new task workers answer
            long[] sentAndAnswered = load.stop(); // rethrows a wrong, duplicate or missing answer
            assertEquals(sentAndAnswered[0], sentAndAnswered[1], "every task sent was answered once");
            assertTrue(load.taskPids().containsAll(List.of(after.taskWorkerPid(0), after.taskWorkerPid(1))));
        }
        assertTrue(cluster.log().contains("reload (rolling): replacing 2 task workers"), cluster.log());
    }

    @Test
    void taskWorkersAreRecycledAfterTaskMaxRequestWithoutLosingATask() throws Exception {
        cluster.set("task_max_request=40");
        cluster.start(DroverCluster.TASKS_JAR);
        try (TaskLoad load = new TaskLoad(cluster.port(), 4)) {
            cluster.awaitStatus(s -> s.taskWorkerTotalOf("recycles") >= 3, "three task worker recycles under load");
            load.awaitMoreAnswers(50);
            long[] sentAndAnswered = load.stop();
            assertEquals(sentAndAnswered[0], sentAndAnswered[1]);
        }
        Status after = cluster.awaitStatus(Status::allReady, "all ready");
        assertEquals(0, after.taskWorkerTotalOf("restarts"), "a recycle is not a crash");
        assertTrue(Pattern.compile("task_worker#\\d pid=\\d+: task_max_request reached \\(\\d+ tasks\\); recycling it")
                .matcher(cluster.log()).find(), cluster.log());
    }

    @Test
    void usr1ReplacesTheWorkersAndThenTheTaskWorkers() throws Exception {
        Status before = cluster.start(DroverCluster.TASKS_JAR);
        try (TaskLoad load = new TaskLoad(cluster.port(), 4)) {
            load.awaitMoreAnswers(100);
            cluster.signal(before.managerPid(), "USR1");
            Status after = cluster.awaitStatus(s -> s.reloadCount() == 1 && !s.reloadInProgress(), "reload finished");
            assertEquals("ok", after.reloadResult(), after.toString());
            for (int i = 0; i < 2; i++) {
                assertNotEquals(before.workerPid(i), after.workerPid(i), "worker#" + i + " was replaced");
                assertNotEquals(before.taskWorkerPid(i), after.taskWorkerPid(i), "task_worker#" + i + " was replaced");
            }
            load.awaitMoreAnswers(100);
            long[] sentAndAnswered = load.stop();
            assertEquals(sentAndAnswered[0], sentAndAnswered[1]);
        }
        assertTrue(cluster.log().contains("reload (rolling): replacing 2 workers and 2 task workers"), cluster.log());
    }
}
