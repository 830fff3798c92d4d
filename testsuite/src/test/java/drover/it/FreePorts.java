package drover.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports free just now (another process may still take one before the test binds it). */
final class FreePorts {
    private FreePorts() {
    }

    static int one() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of six consecutive free ports (fleet.sh's three instances, then their admin listeners). */
    static int sixInARow() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = one();
            if (base < 65530 && isFree(base + 1) && isFree(base + 2) && isFree(base + 3) && isFree(base + 4)
                    && isFree(base + 5)) {
                return base;
            }
        }
        throw new IOException("no six consecutive free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
