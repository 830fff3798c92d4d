package drover.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket load on 127.0.0.1 over raw sockets, one virtual thread per connection (scripts/bench.sh
 * --only ws, docs/BENCHMARKS.md):
 * <ul>
 *   <li>{@code echo}: every connection sends a binary message of SIZE bytes and waits for its echo,
 *       again and again (one in flight each, as EchoLoad's pipeline 1); prints messages/s.</li>
 *   <li>{@code broadcast}: the first connection sends text messages of SIZE bytes, keeping
 *       INFLIGHT of them unanswered (an answer is its own copy coming back), to an app that pushes
 *       each one to every connection (examples/ws-chat); prints messages delivered/s, summed over
 *       all connections.</li>
 * </ul>
 * {@code WebSocketLoad echo|broadcast --port P [--connections N] [--size B] [--duration S] [--warmup S]
 * [--inflight K]}; durations in whole seconds. Prints one RESULT line; exits 1 on any error.
 */
public final class WebSocketLoad {
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private final String mode;
    private final int port;
    private final int connections;
    private final int size;
    private final int inflight;
    private final LongAdder counted = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stopping;

    private WebSocketLoad(Map<String, String> options) {
        this.mode = options.get("mode");
        this.port = Integer.parseInt(options.get("--port"));
        this.connections = Integer.parseInt(options.getOrDefault("--connections", "50"));
        this.size = Integer.parseInt(options.getOrDefault("--size", "64"));
        this.inflight = Integer.parseInt(options.getOrDefault("--inflight", "8"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        if (args.length == 0 || !(args[0].equals("echo") || args[0].equals("broadcast")) || args.length % 2 == 0) {
            System.err.println("usage: WebSocketLoad echo|broadcast --port P [--connections N] [--size B]"
                    + " [--duration S] [--warmup S] [--inflight K]");
            System.exit(2);
        }
        options.put("mode", args[0]);
        for (int i = 1; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        WebSocketLoad load = new WebSocketLoad(options);
        long warmup = Long.parseLong(options.getOrDefault("--warmup", "4").replace("s", ""));
        long duration = Long.parseLong(options.getOrDefault("--duration", "6").replace("s", ""));
        System.exit(load.run(warmup, duration));
    }

    private int run(long warmupSeconds, long durationSeconds) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                sockets.add(connect());
            }
            if (mode.equals("echo")) {
                for (Socket socket : sockets) {
                    threads.add(Thread.ofVirtual().start(() -> echoLoop(socket)));
                }
            } else {
                Semaphore window = new Semaphore(inflight);
                for (int i = 0; i < sockets.size(); i++) {
                    Socket socket = sockets.get(i);
                    Semaphore answers = i == 0 ? window : null;
                    threads.add(Thread.ofVirtual().start(() -> receiveLoop(socket, answers)));
                }
                threads.add(Thread.ofVirtual().start(() -> sendLoop(sockets.getFirst(), window)));
            }
            TimeUnit.SECONDS.sleep(warmupSeconds); // the load runs meanwhile: the JIT settles
            measuring = true;
            System.out.println("measuring"); // scripts/bench.sh reads the server's CPU from here
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(durationSeconds);
            long count = counted.sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            measuring = false;
            String unit = mode.equals("echo") ? "messages_per_s" : "deliveries_per_s";
            System.out.printf("RESULT mode=%s connections=%d size=%d count=%d %s=%.0f errors=%d%n", mode, connections,
                    size, count, unit, count / seconds, errors.sum());
            return errors.sum() == 0 ? 0 : 1;
        } finally {
            stopping = true;
            for (Socket socket : sockets) {
                socket.close();
            }
            for (Thread thread : threads) {
                thread.join(5000);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(("GET /room HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101 ")) {
            socket.close();
            throw new IOException("no upgrade: " + head.toString().lines().findFirst().orElse(""));
        }
        return socket;
    }

    private void echoLoop(Socket socket) {
        try {
            byte[] payload = new byte[size];
            ThreadLocalRandom.current().nextBytes(payload);
            byte[] frame = frame(0x2, payload);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (!stopping) {
                out.write(frame);
                if (readMessage(in) != size) {
                    errors.increment();
                }
                if (measuring) {
                    counted.increment();
                }
            }
        } catch (IOException e) {
            failedUnlessStopping(e);
        }
    }

    /** The broadcasts' sender: INFLIGHT messages unanswered at most, each answered by its own copy. */
    private void sendLoop(Socket socket, Semaphore window) {
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) 'm');
        byte[] frame = frame(0x1, payload);
        try {
            OutputStream out = socket.getOutputStream();
            while (!stopping) {
                if (window.tryAcquire(1, TimeUnit.SECONDS)) {
                    synchronized (out) {
                        out.write(frame);
                    }
                }
            }
        } catch (IOException e) {
            failedUnlessStopping(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts the broadcast messages a connection gets (ws-chat's "#fd: mmm..."; joins and leaves are not). */
    private void receiveLoop(Socket socket, Semaphore answers) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (!stopping) {
                if (readMessage(in) >= size) {
                    if (measuring) {
                        counted.increment();
                    }
                    if (answers != null) {
                        answers.release();
                    }
                }
            }
        } catch (IOException e) {
            failedUnlessStopping(e);
        }
    }

    private void failedUnlessStopping(IOException e) {
        if (!stopping) {
            errors.increment();
            System.err.println("connection failed: " + e);
        }
    }

    /** Reads one unfragmented server frame; its payload length. */
    private static int readMessage(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        long full = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
        in.skipNBytes(full);
        if ((first & 0x0F) == 0x8) {
            throw new IOException("closed by the server");
        }
        return (int) full;
    }

    /** A masked client frame, whole. */
    private static byte[] frame(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        System.arraycopy(MASK, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }
}
