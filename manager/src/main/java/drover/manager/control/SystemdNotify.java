package drover.manager.control;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import drover.common.log.Log;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * sd_notify(3) for a manager that systemd runs with {@code Type=notify} (dist/src/main/systemd):
 * READY=1 once every slot is ready, RELOADING=1 and READY=1 around a reload, STOPPING=1 when the
 * stop begins. Each state goes as one datagram to the AF_UNIX socket named by NOTIFY_SOCKET (a
 * leading '@' is the abstract namespace). The JDK's DatagramChannel has no Unix-domain datagrams, so
 * socket(2) and sendto(2) go through the FFM API (the manager runs with --enable-native-access).
 * Without NOTIFY_SOCKET every call does nothing; a failed send is logged once and never stops the
 * server, which works without systemd.
 */
public final class SystemdNotify {
    public static final String ENV = "NOTIFY_SOCKET";
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH_MAX = 108;
    private static final SystemdNotify OFF = new SystemdNotify(null);

    /** Made on first use: a server without systemd never pays for the FFM linker. */
    private static final class Calls {
        private static final Linker LINKER = Linker.nativeLinker();
        static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SENDTO = downcall("sendto",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
        }
    }

    private final byte[] address;
    private boolean warned;

    private SystemdNotify(byte[] address) {
        this.address = address;
    }

    /** From NOTIFY_SOCKET in the environment; one that is not a usable AF_UNIX path is logged and ignored. */
    public static SystemdNotify fromEnvironment(Map<String, String> environment) {
        String socket = environment.get(ENV);
        if (socket == null || socket.isEmpty()) {
            return OFF;
        }
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path[0] == '@';
        if (!abstractName && path[0] != '/' || path.length >= SUN_PATH_MAX) {
            Log.warn(ENV + "=" + socket + " is not an absolute path or @name under " + SUN_PATH_MAX
                    + " bytes: systemd is not told the server's state");
            return OFF;
        }
        if (abstractName) {
            path[0] = 0;
        }
        return new SystemdNotify(path);
    }

    boolean enabled() {
        return address != null;
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** MONOTONIC_USEC: systemd 253+ takes a RELOADING=1 only with the clock it was sent at. */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=reloading");
    }

    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    synchronized void send(String state) {
        if (address == null) {
            return;
        }
        String failure = sendDatagram(state.getBytes(StandardCharsets.UTF_8));
        if (failure != null && !warned) {
            warned = true;
            Log.warn("cannot tell systemd the server's state through " + ENV + " (" + failure + "); the server goes on");
        }
    }

    /** Null when sent, else why not. */
    private String sendDatagram(byte[] message) {
        int fd;
        try {
            fd = (int) Calls.SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (Throwable e) {
            return "socket(2): " + e;
        }
        if (fd < 0) {
            return "socket(2) failed";
        }
        try (Arena arena = Arena.ofConfined()) {
            // struct sockaddr_un: sa_family_t sun_family; char sun_path[108]
            MemorySegment sockaddr = arena.allocate(2 + SUN_PATH_MAX);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(address, 0, sockaddr, JAVA_BYTE, 2, address.length);
            // a path counts its terminating NUL (the segment is zeroed); an abstract name is exactly its bytes
            int length = 2 + address.length + (address[0] == 0 ? 0 : 1);
            MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, message);
            long sent = (long) Calls.SENDTO.invokeExact(fd, buffer, (long) message.length, 0, sockaddr, length);
            return sent == message.length ? null : "sendto(2) failed";
        } catch (Throwable e) {
            return "sendto(2): " + e;
        } finally {
            try {
                int ignored = (int) Calls.CLOSE.invokeExact(fd);
            } catch (Throwable e) {
                Log.debug("close(2) of the notify socket: " + e);
            }
        }
    }
}
