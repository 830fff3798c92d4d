package drover.common.link;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * What the kernel recorded of the process at the other end of a Unix-domain socket when it
 * connected (SO_PEERCRED: pid, uid, gid), read with getsockopt(2) through the FFM API. The JDK's own
 * {@code ExtendedSocketOptions.SO_PEERCRED} gives the user and group only, not the pid. The socket's
 * file descriptor comes from the JDK's channel implementation, which the process must be allowed to
 * reach: {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the manager starts the reactor and the
 * workers with it) and {@code --enable-native-access=ALL-UNNAMED}.
 */
record PeerCredentials(long pid, int uid, int gid) {
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int UCRED_BYTES = 3 * Integer.BYTES; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }

    /** The peer's credentials; fails with the reason when this process cannot read them. */
    static PeerCredentials of(SocketChannel channel) throws IOException {
        int fd = Native.fd(channel);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ucred = arena.allocate(UCRED_BYTES);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, UCRED_BYTES);
            int rc = (int) Native.handle(Native.GETSOCKOPT, "getsockopt")
                    .invokeExact(fd, SOL_SOCKET, SO_PEERCRED, ucred, length);
            if (rc != 0) {
                throw new IOException("getsockopt(SO_PEERCRED) failed on the socket (fd " + fd + ")");
            }
            return new PeerCredentials(ucred.get(JAVA_INT, 0), ucred.get(JAVA_INT, 4), ucred.get(JAVA_INT, 8));
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot read the peer's credentials: " + e, e);
        }
    }


    /** The native calls, looked up once; missing ones (no native access) are reported when used. */
    private static final class Native {
        static final MethodHandle GETSOCKOPT = downcall("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final Method FD_VAL = fdValMethod();

        private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, descriptor)).orElse(null);
            } catch (RuntimeException e) { // IllegalCallerException: native access not enabled
                return null;
            }
        }

        static MethodHandle handle(MethodHandle handle, String name) throws IOException {
            if (handle == null) {
                throw new IOException("no native access to " + name + " (run with --enable-native-access=ALL-UNNAMED)");
            }
            return handle;
        }

        private static Method fdValMethod() {
            try {
                return Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        static int fd(SocketChannel channel) throws IOException {
            try {
                if (FD_VAL == null) {
                    throw new IllegalAccessException("sun.nio.ch.SelChImpl.getFDVal not found");
                }
                return (int) FD_VAL.invoke(channel);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot reach the socket's file descriptor to read its peer's pid (run with"
                        + " --add-exports java.base/sun.nio.ch=ALL-UNNAMED): " + e, e);
            }
        }
    }
}
