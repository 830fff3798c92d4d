package drover.common.link;

import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the processes of one server meet: pid file, sockets, effective settings (docs/OPERATIONS.md). */
public record RunDir(Path dir) {
    static final String SETTINGS_FILE = "settings.properties";

    public Path pidFile() {
        return dir.resolve("manager.pid");
    }

    /** Locked by the manager for its whole life (docs/OPERATIONS.md); kept between runs. */
    public Path lockFile() {
        return dir.resolve("manager.lock");
    }

    public Path managerSocket() {
        return dir.resolve("manager.sock");
    }

    /** The socket a reactor thread listens on for worker links. */
    public Path reactorSocket(int reactor, int thread) {
        return dir.resolve("reactor-" + reactor + "-" + thread + ".sock");
    }

    /**
     * The socket a task worker listens on for worker links. The generation is in the name, so a
     * reload's new task worker of a slot listens beside the old one until the old one has drained.
     */
    public Path taskSocket(int slot, int generation) {
        return dir.resolve("task-" + slot + "-" + generation + ".sock");
    }

    /** The effective settings the manager hands to every child. */
    public Path settingsFile() {
        return dir.resolve(SETTINGS_FILE);
    }

    /**
     * Creates the directory owner-only (0700), or tightens an existing one. An existing directory
     * owned by another user is refused: its owner could loosen the mode again at any time, and
     * read the settings or connect to the sockets in it.
     */
    public void create() throws IOException {
        Files.createDirectories(dir);
        checkOwnedBy(PrivateDirs.ownUid());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        UnixSockets.checkPathLength(reactorSocket(99, 99));
        UnixSockets.checkPathLength(taskSocket(1023, 99_999));
    }

    /** Throws, naming both uids, when the directory belongs to a user other than {@code uid}. */
    void checkOwnedBy(long uid) throws IOException {
        long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        if (owner != uid) {
            throw new IOException("run_dir " + dir + " belongs to user " + Files.getOwner(dir).getName() + " (uid " + owner
                    + "), not to uid " + uid + " who runs this server; choose a run_dir of your own");
        }
    }


    /** Removes every socket and the settings file a previous run (or a killed process) left behind. */
    public void sweep() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.sock")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(settingsFile());
    }
}
