package drover.manager.launch;

import drover.common.log.Log;
import drover.manager.child.Slot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The app jar each worker and task worker starts from. No child runs the deployed file itself: at
 * start and at each reload the manager copies it into {@code <run_dir>/app/app-<hash>.jar} (named by
 * its content, so the same jar keeps one name and one AOT cache) and the new children run that copy.
 * A slot respawned after a crash, or recycled, starts from the copy its last ready child ran: a
 * reload onto a broken jar that failed is not retried by a later crash (the deployed file may still
 * be the broken one), and a jar replaced without a reload is not picked up by chance. Loop thread only.
 */
public final class AppJars {
    private final Path deployed;
    private final Path dir;
    /** The copy each slot's last ready child ran. */
    private final Map<Slot, Path> bootedBySlot = new HashMap<>();
    /** The copy a child got ready with last (a new slot starts from it); at first the one the server started with. */
    private Path latest;

    /** @param deployed the app jar as the operator deployed it; null: no jar (the supervisor's tests) */
    public AppJars(Path deployed, Path dir) {
        this.deployed = deployed;
        this.dir = dir;
    }

    public static AppJars none() {
        return new AppJars(null, null);
    }

    /** Copies the deployed jar as it is now (start, reload) and returns the copy to start children from. */
    public Path stageDeployed() throws IOException {
        if (deployed == null) {
            return null;
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path staging = Files.createTempFile(dir, "staging-", ".jar");
        try {
            String hash;
            try (InputStream in = new DigestInputStream(Files.newInputStream(deployed), sha256())) {
                Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
                hash = java.util.HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest(), 0, 12);
            }
            // keeps the deployed file's time: the AOT cache's name depends on it (AotCache.key)
            Files.setLastModifiedTime(staging, Files.getLastModifiedTime(deployed));
            Path copy = dir.resolve("app-" + hash + ".jar");
            if (!Files.isRegularFile(copy)) {
                Files.move(staging, copy, StandardCopyOption.ATOMIC_MOVE);
            }
            if (latest == null) {
                latest = copy;
            }
            return copy;
        } catch (IOException e) {
            throw new IOException("cannot copy the app jar " + deployed + " into " + dir + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /** The copy a respawn or recycle of this slot starts from: what its last ready child ran. */
    public Path forSlot(Slot slot) {
        return bootedBySlot.getOrDefault(slot, latest);
    }

    /** A child of the slot got ready running this copy. */
    public void ready(Slot slot, Path jar) {
        if (jar != null) {
            bootedBySlot.put(slot, jar);
            latest = jar;
        }
    }

    /** A slot is gone (SIGTTOU). */
    public void forget(Slot slot) {
        bootedBySlot.remove(slot);
    }

    /**
     * Deletes the copies no slot starts from any more (after a reload). A child still running one keeps
     * it open: the file goes once it exits.
     */
    public void prune(Set<Path> inUse) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Set<Path> keep = new HashSet<>(bootedBySlot.values());
        keep.add(latest);
        keep.addAll(inUse);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "app-*.jar")) {
            for (Path copy : copies) {
                if (!keep.contains(copy)) {
                    Files.deleteIfExists(copy);
                }
            }
        } catch (IOException e) {
            Log.warn("cannot remove old app jar copies in " + dir + ": " + e.getMessage());
        }
    }

    /** The server stops: every copy goes. */
    public void deleteAll() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir)) {
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            Log.warn("cannot remove the app jar copies in " + dir + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
