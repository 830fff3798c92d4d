package drover.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** EchoLoad's command line. {@link #validate()} turns every bad value into a clear message. */
@Command(name = "EchoLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives an echo server of the length-prefixed protocol (4-byte big-endian length, then the body)"
                + " and checks every reply byte for byte. Each request's body is SIZE bytes: an 8-byte sequence number,"
                + " then a fixed pattern. Stops at --duration, or earlier on SIGINT/SIGTERM, and prints the summary."
                + " Exits 1 when any reply was wrong or missing, or a connection failed; 2 on a bad option.")
final class LoadOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address; loopback only. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", required = true, description = "Server port.")
    int port;

    @Option(names = "--connections", defaultValue = "50", description = "Connections kept open. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--size", defaultValue = "64", description = "Body bytes per request (64, 4K, 1M); the packet is 4 more. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--sizes", description = "Several runs, one per size, e.g. 64,4K or 64K..64M (doubling). Overrides --size.")
    String sizes;

    @Option(names = "--duration", defaultValue = "10s", description = "Measured time per size, after the warmup (10s, 500ms, 2m). Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--warmup", defaultValue = "2s", description = "Load before measuring; its replies are checked but not counted. Default: ${DEFAULT-VALUE}.")
    String warmup;

    @Option(names = "--pipeline", defaultValue = "1", description = "Requests each connection keeps in flight. Default: ${DEFAULT-VALUE}.")
    int pipeline;

    @Option(names = "--threads", defaultValue = "1", description = "Selector threads sharing the connections. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--timeout", defaultValue = "5s", description = "A reply missing this long is an error (and the connection is reopened). Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--interval", defaultValue = "1s", description = "How often to print a progress line. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--quiet", description = "Print only the summary of each size, no progress lines.")
    boolean quiet;

    /** Everything a run needs, checked; throws IllegalArgumentException naming the bad value. */
    LoadPlan validate() {
        InetSocketAddress address = loopback();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is outside 1..65535");
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections " + connections + " is outside 1..10000");
        }
        if (pipeline < 1 || pipeline > 4096) {
            throw new IllegalArgumentException("--pipeline " + pipeline + " is outside 1..4096");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads " + threads + " is outside 1..64");
        }
        List<Integer> bodySizes;
        try {
            bodySizes = sizes != null ? Units.sizes(sizes) : List.of(Units.size(size));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((sizes != null ? "--sizes: " : "--size: ") + e.getMessage());
        }
        return new LoadPlan(address, connections, bodySizes, pipeline, threads,
                positive("--duration", duration), atLeastZero("--warmup", warmup),
                positive("--timeout", timeout), positive("--interval", interval), quiet);
    }

    /** Load goes only to this machine: a typo must never aim it at another host. */
    private InetSocketAddress loopback() {
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host " + host + " cannot be resolved");
        }
        if (!resolved.isLoopbackAddress()) {
            throw new IllegalArgumentException("--host " + host + " (" + resolved.getHostAddress()
                    + ") is not a loopback address: EchoLoad only loads this machine (127.0.0.0/8, ::1)");
        }
        return new InetSocketAddress(resolved, port);
    }

    private static Duration positive(String option, String text) {
        Duration d = parse(option, text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " " + text + " must be more than 0");
        }
        return d;
    }

    private static Duration atLeastZero(String option, String text) {
        Duration d = parse(option, text);
        if (d.isNegative()) {
            throw new IllegalArgumentException(option + " " + text + " must not be negative");
        }
        return d;
    }

    private static Duration parse(String option, String text) {
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
