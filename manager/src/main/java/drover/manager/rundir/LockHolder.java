package drover.manager.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Who holds the run dir's lock, as the kernel says in /proc/locks: the pid of the process holding a
 * write lock on manager.lock's inode. Read-only: asking takes no lock, so it cannot make a starting
 * manager fail. The scripts ask the same way (scripts/lib/java.sh, manager_pid).
 */
public final class LockHolder {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private LockHolder() {
    }

    public static OptionalLong of(Path lockFile) {
        try {
            long inode = ((Number) Files.getAttribute(lockFile, "unix:ino")).longValue();
            return find(Files.readAllLines(PROC_LOCKS), inode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OptionalLong.empty(); // no lock file yet, or no /proc/locks: nobody known to hold it
        }
    }

    /** Lines like {@code 1: POSIX  ADVISORY  WRITE 4711 fe:00:2146832 0 EOF}; waiters ({@code 1: -> POSIX ...}) skipped. */
    static OptionalLong find(List<String> procLocks, long inode) {
        for (String line : procLocks) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[1].equals("->") || !f[3].equals("WRITE")) {
                continue;
            }
            String device = f[5];
            if (device.substring(device.lastIndexOf(':') + 1).equals(Long.toString(inode))) {
                try {
                    long pid = Long.parseLong(f[4]);
                    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(); // an OFD lock shows -1: not a manager's
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
