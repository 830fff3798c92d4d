package drover.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The values settings take when left empty and that depend on the machine or on other settings;
 * DroverConfig holds them computed, so its text describes the server exactly.
 */
final class SettingDefaults {
    private SettingDefaults() {
    }

    // A directory of this server's own, so that stop can remove it whole; its tag is the payload files' (ServerTag).
    static Path shmDir(Path runDir) {
        String tag = ServerTag.prefix(runDir);
        return Path.of("/dev/shm", tag.substring(0, tag.length() - 1));
    }

    // Memory-backed when the machine has it, so a payload file costs a copy, not a disk write.
    static Path tmpDir() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    /** The protocol of a listen entry without a suffix: from open_http_protocol, open_length_check, open_eof_*. */
    static ListenerProtocol listenerProtocol(boolean openHttpProtocol, boolean openLengthCheck, boolean openEof) {
        if (openHttpProtocol) {
            return ListenerProtocol.HTTP;
        }
        if (openLengthCheck) {
            return ListenerProtocol.LENGTH;
        }
        if (openEof) {
            return ListenerProtocol.EOF;
        }
        return ListenerProtocol.RAW;
    }

    // Swoole's default: a connection may miss one check before it counts as idle.
    static Duration heartbeatIdleTime(int idleSeconds, Duration checkInterval) {
        return idleSeconds == 0 ? checkInterval.multipliedBy(2) : Duration.ofSeconds(idleSeconds);
    }
}
