package drover.it.apps;

import drover.worker.api.ClientInfo;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test app that drives every part of the Server handle, packed into a jar at test time (TestAppJar).
 * Length-prefixed text requests, one reply each unless said otherwise:
 * "hi" -> "W<worker> S<session>"; "info" -> "addr port connectMillis lastReceiveMillis";
 * "pause" -> "paused" (then this session is paused); "resume SID" -> "resumed"; "ping" -> "pong seen=N";
 * "ask SID" -> the worker holding SID answers "seen=N" (through a pipe message to every worker);
 * "msg W TEXT" -> worker W answers "pipe W<from>->W<to> TEXT"; "after MS" -> "timer ID" then, when
 * it fires, "fired ID"; "tick MS N" -> "timer ID", N times "tick K", then "cleared=true", then
 * "marker" three intervals later; "stream" -> 64 KiB packets until onBufferFull, then "empty" at
 * onBufferEmpty; "buffers" -> three replies through send(ByteBuffer) (see sendBuffers);
 * "stats" -> "requests=N connections=N"; "throw" -> throws; "reload" and "shutdown"
 * ask the manager. A failing call answers "error: MESSAGE". Lifecycle callbacks are printed to
 * standard error, which the server's log collects.
 */
public final class ApiProbeApp implements DroverApp {
    private static final byte[] CHUNK = new byte[64 * 1024];

    private final Map<Long, Integer> seen = new ConcurrentHashMap<>();
    private final Map<Long, Long> streams = new ConcurrentHashMap<>();

    @Override
    public void onWorkerStart(Server server, int workerId) {
        System.err.println("probe onWorkerStart W" + workerId + " taskWorker=" + server.isTaskWorker());
    }

    @Override
    public void onWorkerExit(Server server, int workerId) {
        System.err.println("probe onWorkerExit W" + workerId);
    }

    @Override
    public void onWorkerStop(Server server, int workerId) {
        System.err.println("probe onWorkerStop W" + workerId);
    }

    @Override
    public void onConnect(Server server, long sessionId) {
        seen.put(sessionId, 0);
    }

    @Override
    public void onClose(Server server, long sessionId) {
        seen.remove(sessionId);
        System.err.println("probe onClose S" + Long.toUnsignedString(sessionId));
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String body = new String(data, 4, data.length - 4, StandardCharsets.UTF_8);
        int count = seen.merge(sessionId, 1, Integer::sum);
        String[] words = body.split(" ", 3);
        try {
            serve(server, sessionId, words, count);
        } catch (IllegalArgumentException e) {
            reply(server, sessionId, "error: " + e.getMessage());
        }
    }

    private void serve(Server server, long sessionId, String[] words, int count) {
        switch (words[0]) {
            case "hi" -> reply(server, sessionId, "W" + server.workerId() + " S" + Long.toUnsignedString(sessionId));
            case "info" -> {
                ClientInfo info = server.clientInfo(sessionId).orElseThrow();
                reply(server, sessionId, info.remoteAddress() + " " + info.remotePort() + " "
                        + info.connectTime().toEpochMilli() + " " + info.lastReceiveTime().toEpochMilli());
            }
            case "pause" -> {
                reply(server, sessionId, "paused");
                server.pause(sessionId);
            }
            case "resume" -> {
                server.resume(Long.parseUnsignedLong(words[1]));
                reply(server, sessionId, "resumed");
            }
            case "ping" -> reply(server, sessionId, "pong seen=" + count);
            case "ask" -> broadcast(server, "ask " + words[1] + " " + Long.toUnsignedString(sessionId));
            case "msg" -> server.sendMessage(Integer.parseInt(words[1]),
                    ("say " + Long.toUnsignedString(sessionId) + " " + words[2]).getBytes(StandardCharsets.UTF_8));
            case "after" -> {
                long id = server.after(Long.parseLong(words[1]), timer -> reply(server, sessionId, "fired " + timer));
                reply(server, sessionId, "timer " + id);
            }
            case "tick" -> tick(server, sessionId, Long.parseLong(words[1]), Integer.parseInt(words[2]));
            case "stream" -> streams.put(sessionId, server.tick(1, timer -> reply(server, sessionId, CHUNK)));
            case "stats" -> reply(server, sessionId, "requests=" + server.stats().requests()
                    + " connections=" + server.stats().connections() + " workers=" + server.workerNum());
            case "buffers" -> sendBuffers(server, sessionId);
            case "throw" -> throw new IllegalStateException("app failure on purpose");
            case "reload" -> reply(server, sessionId, "reload asked=" + server.reload());
            case "shutdown" -> reply(server, sessionId, "shutdown asked=" + server.shutdown());
            default -> reply(server, sessionId, "unknown " + words[0]);
        }
    }

    private void tick(Server server, long sessionId, long interval, int times) {
        int[] ticks = {0};
        long id = server.tick(interval, timer -> {
            reply(server, sessionId, "tick " + ++ticks[0]);
            if (ticks[0] == times) {
                reply(server, sessionId, "cleared=" + server.clearTimer(timer));
                // were the tick still running, its next run would come before this
                server.after(3 * interval, marker -> reply(server, sessionId, "marker"));
            }
        });
        reply(server, sessionId, "timer " + id);
    }

    @Override
    public void onPipeMessage(Server server, int fromWorkerId, byte[] message) {
        String[] words = new String(message, StandardCharsets.UTF_8).split(" ", 3);
        long session = Long.parseUnsignedLong(words[1]);
        if (words[0].equals("say")) {
            reply(server, session, "pipe W" + fromWorkerId + "->W" + server.workerId() + " " + words[2]);
        } else if (words[0].equals("ask") && server.exists(session)) {
            reply(server, Long.parseUnsignedLong(words[2]), "seen=" + seen.get(session));
        }
    }

    @Override
    public void onBufferFull(Server server, long sessionId) {
        Long timer = streams.remove(sessionId);
        System.err.println("probe onBufferFull S" + Long.toUnsignedString(sessionId) + " streamCleared="
                + (timer != null && server.clearTimer(timer)));
    }

    @Override
    public void onBufferEmpty(Server server, long sessionId) {
        System.err.println("probe onBufferEmpty S" + Long.toUnsignedString(sessionId));
        reply(server, sessionId, "empty");
    }

    /**
     * "buffers": three replies through send(ByteBuffer), each buffer wiped as soon as send returned,
     * which must not change what the client gets: a slice of a direct buffer, a read-only heap buffer
     * saying where the first one's position and limit were left, and one sent from another thread.
     */
    private static void sendBuffers(Server server, long sessionId) {
        byte[] first = packet("from a direct buffer");
        ByteBuffer direct = ByteBuffer.allocateDirect(first.length + 8).put(new byte[4]).put(first);
        direct.position(4).limit(4 + first.length);
        server.send(sessionId, direct);
        String kept = "position " + direct.position() + " limit " + direct.limit();
        direct.put(4, new byte[first.length]);
        byte[] second = packet(kept);
        server.send(sessionId, ByteBuffer.wrap(second).asReadOnlyBuffer());
        java.util.Arrays.fill(second, (byte) 0);
        Thread other = Thread.ofPlatform().start(() -> {
            byte[] third = packet("from another thread");
            server.send(sessionId, ByteBuffer.wrap(third));
            java.util.Arrays.fill(third, (byte) 0);
        });
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] packet(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static void broadcast(Server server, String message) {
        for (int w = 0; w < server.workerNum(); w++) {
            server.sendMessage(w, message.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(Server server, long sessionId, String text) {
        reply(server, sessionId, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(Server server, long sessionId, byte[] body) {
        server.send(sessionId, ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    }
}
