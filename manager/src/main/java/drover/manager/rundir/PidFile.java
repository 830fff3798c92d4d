package drover.manager.rundir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * run_dir/manager.pid: how the scripts find the manager. They signal it only while it holds the run
 * dir's lock ({@link RunDirLock}, {@link LockHolder}): the file alone proves nothing.
 */
public final class PidFile {
    private final Path path;

    public PidFile(Path path) {
        this.path = path;
    }

    public void write() throws IOException {
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
