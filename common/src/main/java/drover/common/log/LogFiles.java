package drover.common.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The log file is created owner read-write, group read (0640): it holds client addresses, app
 * output and stack traces, which other users of the machine have no business reading. An existing
 * file keeps the mode its owner gave it.
 */
public final class LogFiles {
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");

    private LogFiles() {
    }

    /** Creates the file (and its folder) with {@link #MODE} unless it exists. */
    public static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(MODE);
        try {
            Files.createFile(file, mode);
        } catch (FileAlreadyExistsException e) {
            return; // kept as it is: logrotate or the operator may have chosen its mode
        }
    }

    /** Opens the file for appending, created with {@link #MODE} when new. */
    static OutputStream openAppend(Path file) throws IOException {
        create(file);
        return Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
