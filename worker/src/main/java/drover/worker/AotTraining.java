package drover.worker;

import drover.common.config.DroverConfig;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameReader;
import drover.common.frame.FrameType;
import drover.common.link.Hello;
import drover.common.link.LinkInput;
import drover.common.link.LinkOutput;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.link.UnixSockets;
import drover.common.loop.EventLoop;
import drover.common.loop.IoHandler;
import drover.common.loop.LoopRole;
import drover.common.payload.PayloadLimits;
import drover.common.process.ExitCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run of the workers' AOT cache (the manager's AotCache starts it with
 * {@code -XX:AOTCacheOutput}): it does what a worker does between spawn and ready, but with no
 * server, so the JVM records those classes, linked call sites and profiles. A worker started with the
 * cache then skips most of that work. Arguments: {@code --run-dir DIR --app-jar JAR}.
 *
 * <p>Its standard input is a pipe from the manager that the manager never writes to: end of file there
 * means the manager is gone (maybe kill -9), and the run ends at once with the JVM it may have started
 * to assemble the cache, as every other child ends when its control link reaches EOF. So a killed
 * manager leaves no training JVM behind.
 */
public final class AotTraining {
    private static final int ROUNDS = 200;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals("--run-dir") || !args[2].equals("--app-jar")) {
            System.err.println("usage: AotTraining --run-dir DIR --app-jar JAR");
            System.exit(2);
        }
        watchManager();
        RunDir runDir = new RunDir(Path.of(args[1]));
        DroverConfig config = readSettings(runDir);
        AppLoader.load(Path.of(args[3]), Path.of(args[3]), config.servesHttp(), config.servesPackets());
        exchangeFrames(runDir, PayloadLimits.of(config));
        loadDroverClasses();
    }

    /** A daemon thread that ends this run, and what it started, when the manager's pipe reaches EOF. */
    private static void watchManager() {
        Thread.ofPlatform().daemon().name("manager-watch").start(() -> {
            try {
                System.in.transferTo(java.io.OutputStream.nullOutputStream()); // the manager writes nothing: until EOF
            } catch (IOException e) {
                System.err.println("the manager's pipe failed (" + e.getMessage() + "): taken as the manager gone");
            }
            // -XX:AOTCacheOutput assembles the cache in a second JVM this one starts as it exits: end that too
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            killSelf();
        });
    }

    /**
     * SIGKILL, not Runtime.halt: under -XX:AOTCacheOutput even halt writes the training's output and
     * starts the JVM that assembles the cache, which would then outlive the manager. The JDK sends
     * itself no SIGKILL, so kill(1) does; halt only when that cannot run.
     */
    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        } catch (IOException e) {
            System.err.println("cannot run kill (" + e.getMessage() + "): halting instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(ExitCode.ORPHANED.code());
    }

    private static DroverConfig readSettings(RunDir runDir) throws Exception {
        try (Reader in = Files.newBufferedReader(runDir.settingsFile())) {
            Properties props = new Properties();
            props.load(in);
            return DroverConfig.fromProperties(props, runDir.settingsFile().toString());
        }
    }

    /** A worker's link, both ends in this JVM: HELLO, READY and replies out, frames read back on an EventLoop. */
    private static void exchangeFrames(RunDir runDir, PayloadLimits limits) throws IOException {
        Path socket = runDir.dir().resolve("aot-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = UnixSockets.listen(socket);
             SocketChannel client = UnixSockets.connect(socket);
             SocketChannel peer = server.accept()) {
            LinkOutput out = new LinkOutput(limits, 64 * 1024);
            FrameReader reader = new FrameReader(limits.maxFramePayload());
            int[] received = {0};
            LinkInput input = new LinkInput(limits, (header, payload) -> received[0]++);
            out.append(FrameType.HELLO, 0, 0, 0, new Hello(ProcessRole.WORKER, 0, ProcessHandle.current().pid()).encode());
            out.append(FrameType.READY, 0, 0, 0, new byte[0]);
            byte[] reply = new byte[64];
            for (int i = 0; i < ROUNDS; i++) {
                out.append(FrameType.SEND, 0, i, 0, ByteBuffer.wrap(reply));
            }
            while (!out.flushTo(client)) {
                Thread.onSpinWait();
            }
            readBack(peer, reader, input, received, ROUNDS + 2);
        } catch (Exception e) {
            throw new IOException("training link failed: " + e, e);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private static void readBack(SocketChannel peer, FrameReader reader, LinkInput input, int[] received, int expected)
            throws IOException {
        EventLoop loop = new EventLoop("training loop");
        IOException[] failed = {null};
        try {
            loop.register(peer, SelectionKey.OP_READ, new IoHandler() {
                @Override
                public void onReady(SelectionKey key) throws IOException {
                    try {
                        if (reader.readFrom(peer, input) < 0) {
                            throw new IOException("training link closed after " + received[0] + " frames");
                        }
                    } catch (FrameFormatException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }

                @Override
                public void onFailure(IOException error) {
                    failed[0] = error;
                }
            });
            LoopRole reading = now -> true;
            while (received[0] < expected) {
                loop.turn(reading);
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
        } finally {
            loop.close();
        }
    }

    /** Loads every class of the Drover jars on the class path, so the cache holds those a run may need later. */
    private static void loadDroverClasses() throws IOException {
        ClassLoader loader = AotTraining.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("drover-") || !entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                        load(loader, name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
    }

    private static void load(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // an optional dependency missing: that class is simply not cached
        }
    }
}
