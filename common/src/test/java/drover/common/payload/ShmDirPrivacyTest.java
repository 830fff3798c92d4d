package drover.common.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shm_dir and its rings are used only when they are this user's alone: another user who made the
 * (predictable) directory first, or could write to it, must not be able to feed a worker their bytes
 * as a payload. The "other user" is uid 65534 (nobody), which these tests, run as root, chown to.
 */
class ShmDirPrivacyTest {
    private static final int MAX = 64 << 20;
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();
    private final List<Runnable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        opened.forEach(Runnable::run);
    }

    private Path shm() {
        return tmp.resolve("shm");
    }

    private LendingOutput writer() {
        LendingOutput writer = (LendingOutput) new ShmRingStore(shm(), runDir, 4711, 1 << 20).forOutput();
        opened.add(writer::closeLink);
        return writer;
    }

    private InPlaceInput reader() {
        InPlaceInput reader = (InPlaceInput) new ShmRingStore(shm(), runDir, 99, 1 << 20).forInput();
        opened.add(reader::closeLink);
        return reader;
    }

    private static void assumeRoot() throws IOException {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "chown to another user needs root");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(shm())) {
            return s.toList();
        }
    }

    private void assertWriterRefused(String reason) throws IOException {
        IOException e = assertThrows(IOException.class, () -> writer().put(new byte[10]));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(List.of(), files(), "no ring was made in it");
    }

    @Test
    void aMissingShmDirIsMadeOwnerOnly() throws Exception {
        byte[] payload = {1, 2, 3};
        byte[] ref = writer().put(payload);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shm())));
        assertArrayEquals(payload, reader().take(ByteBuffer.wrap(ref), MAX));
    }

    @Test
    void anShmDirAnotherUserMadeFirstIsRefused() throws Exception {
        assumeRoot();
        Files.createDirectory(shm());
        Files.setPosixFilePermissions(shm(), PosixFilePermissions.fromString("rwxrwxrwx")); // as an attacker would
        Files.setAttribute(shm(), "unix:uid", NOBODY);
        assertWriterRefused("belongs to uid " + NOBODY);
        Files.setPosixFilePermissions(shm(), PosixFilePermissions.fromString("rwx------"));
        assertWriterRefused("belongs to uid " + NOBODY); // owner-only, but not ours
    }

    @Test
    void anOwnShmDirOpenToGroupOrOthersIsRefused() throws Exception {
        for (String mode : new String[] {"rwxrwxrwx", "rwxr-x---", "rwx-----x"}) {
            Files.createDirectories(shm());
            Files.setPosixFilePermissions(shm(), PosixFilePermissions.fromString(mode));
            assertWriterRefused("open to group or others");
        }
    }

    @Test
    void aSymbolicLinkInPlaceOfShmDirIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(shm(), elsewhere);
        IOException e = assertThrows(IOException.class, () -> writer().put(new byte[10]));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "nothing was made through the link");
        }
    }

    /** A ring file replaced by a link to bytes elsewhere (O_NOFOLLOW): the reader does not map it. */
    @Test
    void aSymlinkedRingFileIsRefused() throws Exception {
        byte[] ref = writer().put(new byte[] {1, 2, 3});
        Path ring = files().getFirst();
        Path forged = tmp.resolve("forged.ring");
        Files.copy(ring, forged);
        Files.delete(ring);
        Files.createSymbolicLink(ring, forged);
        IOException e = assertThrows(IOException.class, () -> reader().take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aRingFileOfAnotherUserIsRefused() throws Exception {
        assumeRoot();
        byte[] ref = writer().put(new byte[] {1, 2, 3});
        Path ring = files().getFirst();
        Files.setAttribute(ring, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        IOException e = assertThrows(IOException.class, () -> reader().take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains("belongs to uid " + NOBODY), e.getMessage());
    }

    @Test
    void aRingFileOthersCanWriteIsRefused() throws Exception {
        byte[] ref = writer().put(new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(files().getFirst(), PosixFilePermissions.fromString("rw-rw-rw-"));
        IOException e = assertThrows(IOException.class, () -> reader().take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains("open to group or others"), e.getMessage());
    }

    @Test
    void aReaderRefusesRingsInAnShmDirThatIsNoLongerPrivate() throws Exception {
        byte[] ref = writer().put(new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(shm(), PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> reader().take(ByteBuffer.wrap(ref), MAX));
        assertTrue(e.getMessage().contains("shm_dir " + shm()), e.getMessage());
    }
}
