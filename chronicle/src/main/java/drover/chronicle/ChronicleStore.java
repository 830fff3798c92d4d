package drover.chronicle;

import drover.common.frame.FrameFormatException;
import drover.common.payload.PayloadStore;
import drover.common.payload.PerLinkStore;
import drover.common.payload.StoreDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * large_payload=chronicle: each link's output (forOutput) appends to a Chronicle Queue of its own in
 * shm_dir (StoreDirs names it), one cycle file per payload; the reference is the payload's length u32,
 * its index u64 and the queue directory's name. So each queue has one writer and one reader (the link's
 * peer), which reads forward and deletes each payload's cycle file once it has read past it.
 */
public final class ChronicleStore implements PerLinkStore, AutoCloseable {
    /** Room left for everything else on shm_dir: a full tmpfs under a mapped file kills a JVM with SIGBUS. */
    static final long FREE_SPACE_MARGIN = 16L << 20;
    /** Two cycles each (QueueWriter): at most about 12 days ahead of the wall clock, for 68 years of int cycles. */
    static final long PAYLOADS_PER_QUEUE = 1L << 19;

    private final Path dir;
    private final Path runDir;
    private final long pid;
    private final long blockSize;
    private final long freeSpaceMargin;
    private final AtomicLong queueCount = new AtomicLong();
    private final Map<String, QueueWriter> writers = new ConcurrentHashMap<>();
    /** Queues this process no longer writes to, with their last marker files, until their payloads are all read. */
    private final Map<Path, String> retired = new ConcurrentHashMap<>();
    private final long payloadsPerQueue;
    private final Map<String, QueueReader> readers = new ConcurrentHashMap<>();

    public ChronicleStore(Path dir, Path runDir, long pid, long blockSize) {
        this(dir, runDir, pid, blockSize, FREE_SPACE_MARGIN, PAYLOADS_PER_QUEUE);
    }

    /** With other limits: a test's way to a "full" shm_dir, or to a new queue, without a million payloads. */
    ChronicleStore(Path dir, Path runDir, long pid, long blockSize, long freeSpaceMargin, long payloadsPerQueue) {
        this.freeSpaceMargin = freeSpaceMargin;
        this.payloadsPerQueue = payloadsPerQueue;
        this.dir = dir;
        this.runDir = runDir;
        this.pid = pid;
        this.blockSize = blockSize;
    }

    /**
     * Links use {@link #forOutput()}: a queue has one writer and one reader, and a queue shared by the
     * links of a thread would have as many readers as the thread has peers.
     */
    @Override
    public byte[] put(byte[] payload) throws IOException {
        // an IOException, so that a caller that got this wrong still falls back to a file, and says why
        throw new IOException("a Chronicle payload goes through a link's own queue (PerLinkStore.forOutput), not the process's store");
    }

    /** A queue of its own for one link's output, made at its first payload. */
    @Override
    public PayloadStore forOutput() {
        return new LinkQueue(this);
    }

    /** A reference names its queue: reads need no view of a link's own. */
    @Override
    public PayloadStore forInput() {
        return this;
    }

    /**
     * Chronicle finds some of its parts with ServiceLoader through the thread's context class loader; a
     * worker's loop thread has the app's, which cannot see Chronicle (it then warns and falls back).
     */
    static ClassLoader useOwnContextLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(ChronicleStore.class.getClassLoader());
        return saved;
    }

    /** Appends to w, or to a fresh queue when w is null or full; returns the writer used and the index. */
    QueueWriter append(QueueWriter w, byte[] payload, long[] index) throws IOException {
        checkRoom(payload.length);
        try {
            if (w == null || w.appended() >= payloadsPerQueue) {
                if (w != null) {
                    retire(w);
                }
                w = new QueueWriter(dir.resolve(StoreDirs.name(runDir, pid, queueCount.incrementAndGet())), blockSize);
                writers.put(w.name(), w);
            }
            deleteConsumedRetiredQueues();
            index[0] = w.append(payload);
            return w;
        } catch (RuntimeException | InternalError e) { // InternalError: a fault in mapped memory (a full tmpfs)
            throw new IOException("cannot append a large payload of " + payload.length + " bytes to a Chronicle Queue in "
                    + dir + ": " + e, e);
        }
    }

    static byte[] reference(int length, long index, String queueName) {
        byte[] name = queueName.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + Long.BYTES + name.length).putInt(length).putLong(index).put(name).array();
    }

    /**
     * Each entry moves a queue's clock a cycle (a second) ahead of the wall clock, and cycle numbers are
     * ints: a link starts a fresh queue every PAYLOADS_PER_QUEUE payloads, back on the wall clock. The
     * old one is deleted once its reader has read (and so deleted) every payload's cycle file in it.
     */
    private void retire(QueueWriter w) {
        w.close();
        writers.remove(w.name());
        retired.put(w.dir(), String.valueOf(w.lastMarkerFile()));
    }

    private void deleteConsumedRetiredQueues() throws IOException {
        if (retired.isEmpty()) {
            return;
        }
        for (Map.Entry<Path, String> e : retired.entrySet()) {
            Path old = e.getKey();
            boolean consumed;
            try (java.util.stream.Stream<Path> files = Files.list(old)) {
                consumed = files.map(f -> f.getFileName().toString())
                        .noneMatch(n -> n.endsWith(Queues.SUFFIX) && !n.equals(e.getValue()));
            } catch (java.nio.file.NoSuchFileException gone) {
                consumed = true;
            }
            if (consumed) {
                StoreDirs.deleteTree(old);
                retired.remove(old);
            }
        }
    }

    // Cheaper to ask than to find out: the fallback then takes the payload whole.
    private void checkRoom(int length) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) { // else another thread or process made it meanwhile
                    throw new IOException("shm_dir " + dir + " is missing and cannot be created: a file is in its place", e);
                }
            } catch (IOException e) {
                throw new IOException("shm_dir " + dir + " is missing and cannot be created: " + e, e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("shm_dir " + dir + " is not writable");
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < length + freeSpaceMargin) {
            throw new IOException("shm_dir " + dir + " has " + free + " bytes free, too few for a payload of " + length
                    + " bytes and a margin of " + freeSpaceMargin);
        }
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        ClassLoader saved = useOwnContextLoader();
        try {
            return read(reference, maxLength);
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
        }
    }

    private byte[] read(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        if (reference.remaining() < Integer.BYTES + Long.BYTES + 1) {
            throw new FrameFormatException("Chronicle payload reference of " + reference.remaining() + " bytes is too short");
        }
        long length = Integer.toUnsignedLong(reference.getInt());
        long index = reference.getLong();
        String name = StandardCharsets.UTF_8.decode(reference).toString();
        if (!StoreDirs.isOurs(name, runDir)) {
            throw new FrameFormatException("Chronicle payload reference names '" + name + "', not a queue of this server");
        }
        if (length > maxLength) {
            throw new FrameFormatException("Chronicle payload " + name + "@" + Long.toHexString(index) + " claims " + length
                    + " bytes, over the " + maxLength + "-byte limit of a link message");
        }
        QueueReader reader = reader(name);
        try {
            return reader.take(index, (int) length);
        } catch (RuntimeException e) {
            throw new IOException("cannot read a large payload from queue " + name + ": " + e, e);
        }
    }

    private QueueReader reader(String name) throws IOException {
        QueueReader reader = readers.get(name);
        if (reader != null && !reader.isGone()) {
            return reader;
        }
        if (reader != null) { // its writer died and the manager swept it: let go of its mappings
            readers.remove(name, reader);
            reader.close();
        }
        Path queueDir = dir.resolve(name);
        if (!Files.isDirectory(queueDir)) { // opening it would create it, and it would never be deleted
            throw new IOException("queue " + queueDir + " is gone (its writer died and the manager swept it?)");
        }
        closeReadersOfGoneQueues();
        try {
            return readers.computeIfAbsent(name, n -> new QueueReader(queueDir, blockSize));
        } catch (RuntimeException e) {
            throw new IOException("cannot open queue " + queueDir + ": " + e, e);
        }
    }

    private void closeReadersOfGoneQueues() {
        readers.values().removeIf(r -> {
            if (r.isGone()) {
                r.close();
                return true;
            }
            return false;
        });
    }

    /** Closes every queue; the directories stay for their readers (the manager sweeps them at stop). */
    @Override
    public void close() {
        writers.values().forEach(QueueWriter::close);
        readers.values().forEach(QueueReader::close);
    }

    @Override
    public String describe() {
        return "Chronicle Queue in shm_dir " + dir;
    }
}
