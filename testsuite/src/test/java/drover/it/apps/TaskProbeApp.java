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
 * onFinish calls this worker had), "bulk SIZE SEED" (a task of SIZE bytes in a pattern from SEED, whose
 * result is every byte inverted; both ends check every byte: "bulk ok SIZE" or what was wrong), "order
 * SIZE" (a bulk task of SIZE bytes, then a small "sleep 0" one: the answers in the order the results came).
 * A task worker prints "probe task started MS" when a sleeping task starts.
 */
public final class TaskProbeApp implements DroverApp {
    private static final String BULK = "bulk ";
    /** "bulk ", the seed in 10 digits, a space: then the pattern. */
    private static final int BULK_HEAD = 16;

    private final Map<Long, Long> waiting = new ConcurrentHashMap<>();
    private final Map<Long, long[]> bulkWaiting = new ConcurrentHashMap<>();
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
            case "bulk" -> bulk(server, sessionId, Integer.parseInt(words[1]), Integer.parseInt(words[2]));
            case "order" -> {
                bulk(server, sessionId, Integer.parseInt(words[1]), 7);
                waiting.put(server.task(bytes("sleep 0")), sessionId);
            }
            default -> reply(server, sessionId, "unknown " + words[0]);
        }
    }

    private void bulk(Server server, long sessionId, int size, int seed) {
        byte[] data = new byte[size];
        byte[] head = bytes(String.format("%s%10d ", BULK, seed));
        System.arraycopy(head, 0, data, 0, BULK_HEAD);
        for (int i = BULK_HEAD; i < size; i++) {
            data[i] = pattern(seed, i);
        }
        bulkWaiting.put(server.task(data), new long[] {sessionId, seed, size});
    }

    // differs from chunk to chunk and from byte to byte, so a lost, repeated or misplaced piece shows
    private static byte pattern(int seed, int i) {
        return (byte) ((i ^ (i >>> 8) ^ (i >>> 19)) * 131 + seed);
    }

    /** The task worker's side of "bulk": every byte checked, then every byte inverted. */
    private static byte[] bulkResult(byte[] data) {
        int seed = Integer.parseInt(new String(data, BULK.length(), 10, StandardCharsets.US_ASCII).trim());
        for (int i = BULK_HEAD; i < data.length; i++) {
            if (data[i] != pattern(seed, i)) {
                return bytes("corrupt task at byte " + i + " of " + data.length);
            }
        }
        byte[] result = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            result[i] = (byte) ~data[i];
        }
        return result;
    }

    private static String checkBulk(byte[] result, int seed, int size) {
        if (result.length != size) {
            return "bulk bad: " + (result.length < 100 ? new String(result, StandardCharsets.US_ASCII) : result.length + " bytes");
        }
        for (int i = BULK_HEAD; i < size; i++) {
            if (result[i] != (byte) ~pattern(seed, i)) {
                return "bulk bad: result byte " + i + " of " + size;
            }
        }
        return "bulk ok " + size;
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        if (data.length >= BULK_HEAD && new String(data, 0, BULK.length(), StandardCharsets.US_ASCII).equals(BULK)) {
            return bulkResult(data);
        }
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
        long[] bulk = bulkWaiting.remove(taskId);
        if (bulk != null) {
            reply(server, bulk[0], checkBulk(result, (int) bulk[1], (int) bulk[2]));
            return;
        }
        Long sessionId = waiting.remove(taskId);
        if (sessionId != null) {
            reply(server, sessionId, "done " + new String(result, StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void onTaskFailed(Server server, long taskId, String reason) {
        long[] bulk = bulkWaiting.remove(taskId);
        if (bulk != null) {
            reply(server, bulk[0], "bulk failed " + reason);
            return;
        }
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
