package drover.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** run_dir/manager.pid: how the scripts find the manager, and how a second start is refused. */
final class PidFile {
    private final Path path;

    PidFile(Path path) {
        this.path = path;
    }

    /** The pid of a live manager already using this run dir, if any (a stale file does not count). */
    Optional<Long> liveOwner() {
        try {
            long pid = Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains("drover.manager")).orElse(false)) // a zombie has none
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void write() throws IOException {
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
