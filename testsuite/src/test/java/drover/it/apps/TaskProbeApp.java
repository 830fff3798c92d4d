package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.TaskException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test app for task workers, packed into a jar at test time (TestAppJar). Request bodies:
 * "sleep MS" (a task that sleeps, answered "done slept MS pid P" or "failed REASON"), "burst K MS"
 * (K such tasks at once, one answer each), "throw" (a task whose onTask throws), "wait MS TIMEOUT"
 * (taskwait on the calling thread: "done ..." or "failed timedOut=B REASON"), "finishes" (how many
 * onFinish calls this worker had). A task worker prints "probe task started MS" when a task starts.
 */
public final class TaskProbeApp implements DroverApp {
    private final Map<Long, Long> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger finishes = new AtomicInteger();

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String[] words = new String(data, 4, data.length - 4, StandardCharsets.US_ASCII).split(" ");
        switch (words[0]) {
            case "sleep" -> waiting.put(server.task(bytes("sleep " + words[1])), sessionId);
            case "burst" -> {
                for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                    waiting.put(server.task(bytes("sleep " + words[2])), sessionId);
                }
            }
            case "throw" -> waiting.put(server.task(bytes("throw")), sessionId);
            case "wait" -> {
                try {
                    byte[] result = server.taskwait(bytes("sleep " + words[1]), Duration.ofMillis(Long.parseLong(words[2])));
                    reply(server, sessionId, "done " + new String(result, StandardCharsets.US_ASCII));
                } catch (TaskException e) {
                    reply(server, sessionId, "failed timedOut=" + e.timedOut() + " " + e.getMessage());
                } catch (IllegalStateException e) {
                    reply(server, sessionId, "refused " + e.getMessage());
                }
            }
            case "finishes" -> reply(server, sessionId, Integer.toString(finishes.get()));
            default -> reply(server, sessionId, "unknown " + words[0]);
        }
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        String[] words = new String(data, StandardCharsets.US_ASCII).split(" ");
        if (words[0].equals("throw")) {
            throw new IllegalStateException("the probe's task fails on purpose");
        }
        System.err.println("probe task started " + words[1]);
        try {
            Thread.sleep(Long.parseLong(words[1]));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return bytes("slept " + words[1] + " pid " + ProcessHandle.current().pid() + " worker " + server.workerId()
                + " task " + server.isTaskWorker());
    }

    @Override
    public void onFinish(Server server, long taskId, byte[] result) {
        finishes.incrementAndGet();
        Long sessionId = waiting.remove(taskId);
        if (sessionId != null) {
            reply(server, sessionId, "done " + new String(result, StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void onTaskFailed(Server server, long taskId, String reason) {
        Long sessionId = waiting.remove(taskId);
        if (sessionId != null) {
            reply(server, sessionId, "failed " + reason);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void reply(Server server, long sessionId, String text) {
        byte[] body = bytes(text);
        server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }
}
