package drover.common.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drover.common.payload.PrivateDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {
    /** A uid no test runs as: "nobody" on Debian and most Linux systems. */
    private static final int OTHER_UID = 65534;

    @TempDir
    Path home;

    @Test
    void anOwnRunDirIsCreatedOwnerOnly() throws Exception {
        RunDir runDir = new RunDir(home.resolve("run"));
        runDir.create();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.dir())));
    }

    @Test
    void aRunDirOfAnotherUserIsRefusedAndLeftAsItWas() throws Exception {
        assumeTrue(PrivateDirs.ownUid() == 0, "only root can give a folder to another user");
        Path dir = Files.createDirectory(home.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(dir, "unix:uid", OTHER_UID);
        IOException refused = assertThrows(IOException.class, () -> new RunDir(dir).create());
        assertTrue(refused.getMessage().contains("uid " + OTHER_UID) && refused.getMessage().contains("not to uid 0"),
                refused.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), "its mode is not touched");
    }

    @Test
    void ownershipIsComparedWithTheGivenUid() throws Exception {
        RunDir runDir = new RunDir(home);
        runDir.checkOwnedBy(PrivateDirs.ownUid());
        assertThrows(IOException.class, () -> runDir.checkOwnedBy(PrivateDirs.ownUid() + 1));
    }
}
