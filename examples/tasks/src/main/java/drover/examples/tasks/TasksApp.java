package drover.examples.tasks;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands work to task workers. Packets are length-prefixed as in the echo example; a request body is
 * an ASCII decimal N, the worker hands N to a task worker, which computes S = 1 + 2 + .. + N, and the
 * reply body is {@code sum=S task_pid=P worker_pid=W}. A body that is not a number from 0 up, or whose
 * sum does not fit a long, is answered {@code error: ...}.
 */
public final class TasksApp implements DroverApp {
    private static final long PID = ProcessHandle.current().pid();

    /** Which session waits for which task (thread-safe, so the app runs in either worker_mode). */
    private final Map<Long, Long> waiting = new ConcurrentHashMap<>();

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String body = new String(data, 4, data.length - 4, StandardCharsets.US_ASCII).strip();
        try {
            if (Long.parseLong(body) < 0) {
                reply(server, sessionId, "error: N must be 0 or more, got " + body);
                return;
            }
        } catch (NumberFormatException e) {
            reply(server, sessionId, "error: not a decimal number: '" + body + "'");
            return;
        }
        long taskId = server.task(body.getBytes(StandardCharsets.US_ASCII));
        waiting.put(taskId, sessionId);
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        long n = Long.parseLong(new String(data, StandardCharsets.US_ASCII));
        String answer;
        try {
            // n(n+1)/2 with the even factor halved first, so only a sum that cannot fit overflows
            long sum = n % 2 == 0 ? Math.multiplyExact(n / 2, n + 1) : Math.multiplyExact(n, (n + 1) / 2);
            answer = "sum=" + sum + " task_pid=" + PID;
        } catch (ArithmeticException e) {
            answer = "error: the sum 1+..+" + n + " does not fit a long";
        }
        return answer.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onFinish(Server server, long taskId, byte[] result) {
        Long sessionId = waiting.remove(taskId);
        if (sessionId != null) {
            String text = new String(result, StandardCharsets.US_ASCII);
            reply(server, sessionId, text.startsWith("error: ") ? text : text + " worker_pid=" + PID);
        }
    }

    @Override
    public void onTaskFailed(Server server, long taskId, String reason) {
        Long sessionId = waiting.remove(taskId);
        if (sessionId != null) {
            reply(server, sessionId, "error: " + reason);
        }
    }

    private static void reply(Server server, long sessionId, String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }
}
