package drover.common.payload;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * The directories a store keeps per process in shm_dir, {@code drover-<tag>-<pid>-<n>} (the tag from
 * run_dir as for payload files): large_payload=chronicle's queues, one per link and direction. Stores
 * name their directories with it, and the manager sweeps a server's, or a dead process's, by these
 * names ({@link PayloadStores#sweep}) without loading any store's module. Plain JDK file code.
 */
public final class StoreDirs {
    private static final Pattern OWN_PART = Pattern.compile("[0-9]+-[0-9]+");

    private StoreDirs() {
    }

    /** The n-th directory of process pid of the server in runDir. */
    public static String name(Path runDir, long pid, long n) {
        return TempFileStore.serverPrefix(runDir) + pid + "-" + n;
    }

    /** Whether a name from a reference is one of this server's queue directories (and nothing else: no path). */
    public static boolean isOurs(String name, Path runDir) {
        String prefix = TempFileStore.serverPrefix(runDir);
        return name.startsWith(prefix) && OWN_PART.matcher(name.substring(prefix.length())).matches();
    }

    /**
     * Deletes this server's queue directories in dir (pid -1: every process's, else that process's
     * only) and returns how many. With pid -1 it also removes dir itself when it is the default one
     * (named for this server) and is left empty. A missing dir holds none.
     */
    public static int sweep(Path dir, Path runDir, long pid) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        String glob = TempFileStore.serverPrefix(runDir) + (pid < 0 ? "" : pid + "-") + "*";
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir, glob)) {
            for (Path d : dirs) {
                if (isOurs(d.getFileName().toString(), runDir) && Files.isDirectory(d)) {
                    deleteTree(d);
                    removed++;
                }
            }
        }
        String serverDir = TempFileStore.serverPrefix(runDir);
        if (pid < 0 && dir.getFileName() != null
                && dir.getFileName().toString().equals(serverDir.substring(0, serverDir.length() - 1))) {
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
                if (!rest.iterator().hasNext()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
        return removed;
    }

    /** Deletes a directory and everything in it; files that vanish meanwhile are no error. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // its reader deleted it meanwhile
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
