package drover.manager.rundir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The manager's exclusive claim on its run dir: an fcntl write lock on run_dir/manager.lock, taken
 * before anything in the run dir is touched and held until the manager exits (the kernel drops it
 * when the process dies, however it dies). Two starts on one run dir used to race between reading
 * manager.pid and writing it, and the loser deleted the winner's socket and settings; now the
 * loser fails to take the lock and touches nothing. The file is never deleted: a lock on a file
 * that another process unlinks and recreates would no longer exclude anyone. The scripts read the
 * lock's holder from /proc/locks to confirm that manager.pid names the manager of this run dir.
 *
 * <p>A POSIX lock belongs to the process, and closing any channel on the file drops it: nothing
 * else in the manager may open manager.lock.
 */
public final class RunDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    /** Another process holds the lock. */
    public static final class HeldElsewhere extends Exception {
        HeldElsewhere(Path file) {
            super("another manager holds the lock on " + file);
        }
    }

    private RunDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock at once or throws {@link HeldElsewhere}; never waits. */
    public static RunDirLock acquire(Path file) throws IOException, HeldElsewhere {
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new HeldElsewhere(file);
        }
        return new RunDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
