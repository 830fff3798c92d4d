package drover.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewLogFileIsNotWorldReadable() throws Exception {
        Path log = dir.resolve("logs/drover.log");
        try (OutputStream out = LogFiles.openAppend(log)) {
            out.write("line\n".getBytes());
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void anExistingLogFileKeepsItsModeAndItsLines() throws Exception {
        Path log = dir.resolve("drover.log");
        Files.writeString(log, "old\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
        try (OutputStream out = LogFiles.openAppend(log)) {
            out.write("new\n".getBytes());
        }
        assertEquals("old\nnew\n", Files.readString(log));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }
}
