package drover.common.link;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Unix-domain sockets with the JDK's own channels: they register on the same NIO Selector as the TCP
 * sockets, and need no native library (docs/ARCHITECTURE.md, "Links between processes").
 */
public final class UnixSockets {
    /** sun_path is 108 bytes with the terminating NUL on Linux. */
    static final int MAX_PATH_BYTES = 107;

    private UnixSockets() {
    }

    /** Binds a listening socket at path, replacing a stale file, readable and writable by the owner only. */
    public static ServerSocketChannel listen(Path path) throws IOException {
        checkPathLength(path);
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
        return server;
    }

    public static SocketChannel connect(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    static void checkPathLength(Path path) throws IOException {
        int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException("socket path " + path + " is " + bytes + " bytes, over the " + MAX_PATH_BYTES
                    + "-byte limit of Unix-domain sockets: choose a shorter run_dir");
        }
    }
}
