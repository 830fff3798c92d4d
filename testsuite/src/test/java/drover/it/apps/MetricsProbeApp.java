package drover.it.apps;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import drover.worker.api.metrics.Counter;
import drover.worker.api.metrics.Gauge;
import drover.worker.api.metrics.Histogram;
import drover.worker.api.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A test app with app metrics and logging, packed into a jar at test time (TestAppJar). Packets are
 * length-prefixed as in the echo example and echoed; each counts in {@code probe_packets_total} (by
 * kind), {@code probe_packet_bytes} and sets {@code probe_last_packet_bytes}. Bodies: "log" logs an
 * error with an exception through java.util.logging and a warning through System.Logger; "sleep N"
 * holds the worker N ms before answering. With the environment variable PROBE_FAIL_START set,
 * onWorkerStart throws.
 */
public final class MetricsProbeApp implements DroverApp {
    private static final Counter PACKETS = Metrics.counter("probe_packets_total", "Packets the probe app received.", "kind");
    private static final Histogram SIZES = Metrics.histogram("probe_packet_bytes", "Sizes of packets received.",
            new double[] {4, 64, 1024});
    private static final Gauge LAST = Metrics.gauge("probe_last_packet_bytes", "Size of the last packet received.");

    @Override
    public void onWorkerStart(Server server, int workerId) {
        if (System.getenv("PROBE_FAIL_START") != null) {
            throw new IllegalStateException("probe asked to fail its start");
        }
    }

    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        String body = new String(data, 4, data.length - 4, StandardCharsets.ISO_8859_1);
        PACKETS.labels(body.startsWith("sleep") ? "sleep" : "echo").inc();
        SIZES.observe(data.length);
        LAST.set(data.length);
        if (body.equals("log")) {
            Logger.getLogger("probe.jul").log(Level.SEVERE, "probe failure \"quoted\"", new IllegalStateException("boom"));
            System.getLogger("probe.system").log(System.Logger.Level.WARNING, "probe system logger line");
        } else if (body.startsWith("sleep ")) {
            try {
                Thread.sleep(Long.parseLong(body.substring(6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.send(sessionId, data);
    }
}
