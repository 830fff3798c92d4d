package drover.it.apps;

import drover.worker.api.Server;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP app that uses the server handle as a packet app would, packed into a jar at test time
 * (TestAppJar). GET paths: "/start" (what onWorkerStart saw), "/task?data=D" (a task through
 * taskAsync: the task worker's answer), "/finish?data=D" (a task through task() and onFinish),
 * "/timer" (answered by a 10 ms timer), "/pipe" (answered by onPipeMessage of a message this worker
 * sent itself). onTask upper-cases the data. onWorkerExit and onWorkerStop print a line each.
 */
public final class HttpLifecycleApp implements HttpApp {
    private final Map<Long, Response> finishing = new ConcurrentHashMap<>();
    private final Map<String, Response> piping = new ConcurrentHashMap<>();
    private final AtomicLong pipeTokens = new AtomicLong();
    private volatile Server startedWith;
    private volatile int startedAs = -1;

    @Override
    public void onWorkerStart(Server server, int workerId) {
        startedWith = server;
        startedAs = workerId;
    }

    @Override
    public void onWorkerExit(Server server, int workerId) {
        System.out.println("HttpLifecycleApp onWorkerExit of worker " + workerId);
    }

    @Override
    public void onWorkerStop(Server server, int workerId) {
        System.out.println("HttpLifecycleApp onWorkerStop of worker " + workerId);
    }

    @Override
    public void onRequest(Request request, Response response) {
        Server server = request.server();
        String data = request.queryParameter("data");
        switch (request.path()) {
            case "/start" -> response.end("worker " + startedAs + " of " + server.workerNum() + ", id " + server.workerId()
                    + ", same handle " + (server == startedWith));
            case "/task" -> server.taskAsync(bytes(data)).whenComplete((result, failure) ->
                    response.end(failure == null ? new String(result, StandardCharsets.UTF_8) : "failed " + failure));
            case "/finish" -> finishing.put(server.task(bytes(data)), response);
            case "/timer" -> server.after(10, timerId -> response.end("timer fired"));
            case "/pipe" -> {
                String token = Long.toString(pipeTokens.incrementAndGet());
                piping.put(token, response);
                server.sendMessage(server.workerId(), bytes(token));
            }
            default -> response.status(404).end();
        }
    }

    @Override
    public byte[] onTask(Server server, long taskId, int fromWorkerId, byte[] data) {
        return bytes("task worker " + server.workerId() + " (" + server.isTaskWorker() + ") for worker " + fromWorkerId
                + ": " + new String(data, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT));
    }

    @Override
    public void onFinish(Server server, long taskId, byte[] result) {
        finishing.remove(taskId).end("finished: " + new String(result, StandardCharsets.UTF_8));
    }

    @Override
    public void onTaskFailed(Server server, long taskId, String reason) {
        finishing.remove(taskId).status(500).end("task failed: " + reason);
    }

    @Override
    public void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
        piping.remove(new String(message, StandardCharsets.UTF_8)).end("pipe message from worker " + fromWorkerId);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
