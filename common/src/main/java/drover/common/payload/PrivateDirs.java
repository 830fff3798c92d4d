package drover.common.payload;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * shm_dir and the payload rings in it must be this user's alone: a ring is mapped and read as the
 * link's own data, so whoever could write one could make a worker (perhaps run by root) process their
 * bytes, and the default shm_dir, {@code /dev/shm/drover-<tag>}, has a name anyone can guess and
 * create first. So the directory is made here, 0700, when it is missing, and an existing one is used
 * only when it is a real directory (not a symbolic link) owned by this process's user with no access
 * for group or others; a ring file likewise (opened without following links, ShmRing.open). Anything
 * else is refused with the reason, and large payloads then stream on the links (docs/OPERATIONS.md).
 */
public final class PrivateDirs {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateDirs() {
    }

    /** Makes dir owner-only (0700) if it is missing (its parents as needed), then checks that it is private. */
    public static void ensure(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // someone made it just now: it is judged below like any directory found there
            }
        }
        check(dir, true);
    }

    /** Refuses dir (or a ring file, directory false) unless it is this user's alone; the message says why. */
    static void check(Path path, boolean directory) throws IOException {
        check(path, directory, directory ? "shm_dir " : "payload ring ");
    }

    /** Whether dir exists and passes {@link #ensure}'s check: only then are files in it the server's to delete. */
    public static boolean isPrivateDir(Path dir) {
        try {
            check(dir, true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses a file in shm_dir (a shared table, say) unless it is this user's alone; what names it in the message. */
    public static void checkFile(Path path, String what) throws IOException {
        check(path, false, what + " ");
    }

    private static void check(Path path, boolean directory, String what) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException(what + path + " is a symbolic link: refused");
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            throw new IOException(what + path + " is not a " + (directory ? "directory" : "regular file") + ": refused");
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != ownUid()) {
            throw new IOException(what + path + " belongs to uid " + owner + ", not to this server's uid " + ownUid()
                    + ": refused" + (directory ? " (remove it, or choose another shm_dir)" : ""));
        }
        Set<PosixFilePermission> loose = EnumSet.copyOf(attributes.permissions());
        loose.retainAll(GROUP_OR_OTHER);
        if (!loose.isEmpty()) {
            throw new IOException(what + path + " has mode " + PosixFilePermissions.toString(attributes.permissions())
                    + ", open to group or others: refused" + (directory ? " (make it 0700, or remove it)" : ""));
        }
    }

    /**
     * This process's effective uid: the owner of what it creates, and what SO_PEERCRED reports of it
     * to a peer. /proc/self belongs to it. The one place every owner check of the server asks.
     */
    public static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
