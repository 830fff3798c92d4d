package drover.common.payload;

import drover.common.config.ServerTag;
import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * large_payload=tmpfile: each payload is a file of its own in tmp_dir, created owner-only (0600) and
 * named {@code drover-<server>-<pid>-<n>.payload}, so the manager can sweep what a killed process
 * left (see {@link #sweep}). The reference is the payload's length, u32, and the file's name.
 */
public final class TempFileStore implements PayloadStore {
    private static final String SUFFIX = ".payload";

    private final Path dir;
    private final String serverPrefix;
    private final String ownPrefix;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param dir    tmp_dir, absolute
     * @param runDir the server's run_dir: its files carry a tag derived from it, so servers sharing a tmp_dir never touch each other's
     */
    public TempFileStore(Path dir, Path runDir, long pid) {
        this.dir = dir;
        this.serverPrefix = serverPrefix(runDir);
        this.ownPrefix = serverPrefix + pid + "-";
    }

    /** {@code drover-<8 hex digits from the run dir>-}: what every payload file of one server starts with. */
    public static String serverPrefix(Path runDir) {
        return ServerTag.prefix(runDir);
    }

    @Override
    public byte[] put(byte[] payload) throws IOException {
        String name = ownPrefix + sequence.incrementAndGet() + SUFFIX;
        Path file = dir.resolve(name);
        try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer data = ByteBuffer.wrap(payload);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw new IOException("cannot write a large payload of " + payload.length + " bytes to " + file + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + nameBytes.length).putInt(payload.length).put(nameBytes).array();
    }

    @Override
    public byte[] take(ByteBuffer reference, int maxLength) throws IOException, FrameFormatException {
        if (reference.remaining() < Integer.BYTES + 1) {
            throw new FrameFormatException("payload file reference of " + reference.remaining() + " bytes is too short");
        }
        long length = Integer.toUnsignedLong(reference.getInt());
        String name = StandardCharsets.UTF_8.decode(reference).toString();
        if (!name.startsWith(serverPrefix) || !name.endsWith(SUFFIX) || name.contains("/")) {
            throw new FrameFormatException("payload file reference '" + name + "' is not a " + serverPrefix + "*" + SUFFIX + " name");
        }
        Path file;
        try {
            file = dir.resolve(name);
        } catch (InvalidPathException e) {
            throw new FrameFormatException("payload file reference '" + name + "': " + e.getMessage());
        }
        try {
            if (length > maxLength) {
                throw new FrameFormatException("payload file " + name + " claims " + length + " bytes, over the "
                        + maxLength + "-byte limit of a link message");
            }
            return read(file, (int) length);
        } finally {
            deleteQuietly(file);
        }
    }

    private static byte[] read(Path file, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != length) {
                throw new IOException("payload file " + file + " has " + channel.size() + " bytes, expected " + length);
            }
            byte[] data = new byte[length];
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new IOException("payload file " + file + " ended after " + buf.position() + " of " + length + " bytes");
                }
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new IOException("payload file " + file + " is gone (its sender died and the manager swept it?)", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the manager's sweep at stop removes it; nothing else to do from here
            drover.common.log.Log.warn("cannot delete payload file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the payload files of the server whose run dir is given (pid -1: of every process of it,
     * else of that process only); returns how many. A missing or unreadable directory holds none.
     */
    static int sweep(Path dir, Path runDir, long pid) throws IOException {
        return sweepFiles(dir, runDir, pid, SUFFIX);
    }

    /**
     * Deletes the regular files {@code drover-<tag>-<pid>-*<suffix>} in dir of the server whose run dir
     * is given (pid -1: of every process of it) and returns how many: payload files and payload rings.
     */
    static int sweepFiles(Path dir, Path runDir, long pid, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        String glob = serverPrefix(runDir) + (pid < 0 ? "" : pid + "-") + "*" + suffix;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    @Override
    public String describe() {
        return "tmp_dir " + dir;
    }
}
