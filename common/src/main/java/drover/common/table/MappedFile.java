package drover.common.table;

import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A file in shm_dir mapped read-write into this process, as tables and atomics use it. */
record MappedFile(Path file, Arena arena, MemorySegment segment) implements AutoCloseable {

    /**
     * Creates the file owner-only and writes every byte of it before mapping: a page a full tmpfs
     * cannot give then fails here with "No space left on device" rather than as a SIGBUS at the first
     * store into it (see ShmRing.allocate).
     */
    static MappedFile create(Path file, long size, String what) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += channel.write(zeros, at);
            }
            return new MappedFile(file, arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            Files.deleteIfExists(file);
            throw new IOException("cannot create " + what + " " + file + " of " + size + " bytes: " + e.getMessage(), e);
        }
    }

    /** Maps a file the manager created: not through a symbolic link, and only when it is this user's alone. */
    static MappedFile open(Path file, String what) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString(), null, what + " is missing (the manager makes it at start)");
        }
        PrivateDirs.checkFile(file, what);
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            return new MappedFile(file, arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new IOException("cannot map " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
