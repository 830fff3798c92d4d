package drover.common.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.frame.FrameFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileStoreTest {
    @TempDir
    Path tmp;

    private final Path runDir = Path.of("run-a").toAbsolutePath();

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    @Test
    void aPayloadGoesThroughAnOwnerOnlyFileThatTakingDeletes() throws Exception {
        TempFileStore sender = new TempFileStore(tmp, runDir, 4711);
        byte[] payload = new byte[3 * 1024 * 1024 + 5];
        new java.util.Random(1).nextBytes(payload);
        byte[] ref = sender.put(payload);
        Path file = files().getFirst();
        assertTrue(file.getFileName().toString().matches("drover-[0-9a-f]{8}-4711-1\\.payload"), file.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        TempFileStore receiver = new TempFileStore(tmp, runDir, 99);
        assertArrayEquals(payload, receiver.take(ByteBuffer.wrap(ref), Integer.MAX_VALUE - 64));
        assertEquals(List.of(), files(), "the receiver deleted it");
    }

    @Test
    void aDirectoryThatCannotBeWrittenGivesAClearErrorAndLeavesNothing() throws Exception {
        // a file where the directory should be fails for root too (permission bits would not)
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        TempFileStore store = new TempFileStore(notADirectory, runDir, 1);
        IOException e = assertThrows(IOException.class, () -> store.put(new byte[100]));
        assertTrue(e.getMessage().startsWith("cannot write a large payload of 100 bytes to " + notADirectory + "/drover-"), e.getMessage());
        assertEquals(List.of(notADirectory), files());
    }

    @Test
    void aMissingFileIsAnIoErrorThatNamesIt() throws Exception {
        TempFileStore store = new TempFileStore(tmp, runDir, 1);
        byte[] ref = store.put(new byte[10]);
        Files.delete(files().getFirst());
        IOException e = assertThrows(IOException.class, () -> store.take(ByteBuffer.wrap(ref), 1000));
        assertTrue(e.getMessage().endsWith("is gone (its sender died and the manager swept it?)"), e.getMessage());
    }

    @Test
    void aReferenceToAnotherFileIsRefusedAndNotDeleted() throws Exception {
        Path victim = Files.writeString(tmp.resolve("precious.txt"), "keep me");
        TempFileStore store = new TempFileStore(tmp, runDir, 1);
        for (String name : List.of("precious.txt", TempFileStore.serverPrefix(runDir) + "../precious.txt",
                TempFileStore.serverPrefix(Path.of("run-b").toAbsolutePath()) + "1-1.payload")) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer ref = ByteBuffer.allocate(4 + nameBytes.length).putInt(7).put(nameBytes).flip();
            FrameFormatException e = assertThrows(FrameFormatException.class, () -> store.take(ref, 1000));
            assertTrue(e.getMessage().contains("is not a drover-"), e.getMessage());
        }
        assertTrue(Files.exists(victim));
    }

    @Test
    void aLengthOverTheLimitIsRefusedAndTheFileStillDeleted() throws Exception {
        TempFileStore store = new TempFileStore(tmp, runDir, 1);
        byte[] ref = store.put(new byte[2000]);
        FrameFormatException e = assertThrows(FrameFormatException.class, () -> store.take(ByteBuffer.wrap(ref), 1000));
        assertTrue(e.getMessage().endsWith("claims 2000 bytes, over the 1000-byte limit of a link message"), e.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void sweepRemovesThisServersFilesOnlyByProcessOrAll() throws Exception {
        new TempFileStore(tmp, runDir, 10).put(new byte[1]);
        new TempFileStore(tmp, runDir, 11).put(new byte[1]);
        Path otherServer = Path.of("run-b").toAbsolutePath();
        new TempFileStore(tmp, otherServer, 10).put(new byte[1]);
        assertEquals(1, TempFileStore.sweep(tmp, runDir, 10));
        assertEquals(1, TempFileStore.sweep(tmp, runDir, -1));
        assertEquals(1, files().size(), "another server's file stays");
        assertEquals(0, TempFileStore.sweep(tmp.resolve("missing"), runDir, -1));
        assertFalse(files().getFirst().getFileName().toString().startsWith(TempFileStore.serverPrefix(runDir)));
    }
}
