package drover.reactor.http;

import drover.common.config.AccessLogFormat;
import drover.common.config.DroverConfig;
import drover.common.http.ResponseSummary;
import drover.common.log.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * http_access_log: one line per HTTP response, written by the reactor (not the workers) from the
 * summary a worker puts in RESPONSE_END ({@link ResponseSummary}). Reactor threads only queue the
 * line; one writer thread per reactor process appends them in batches (O_APPEND, so reactor processes
 * sharing the file never overwrite each other's lines), so a slow disk never holds up a loop.
 */
public final class AccessLog {
    private static final DateTimeFormatter COMMON_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Lines waiting beyond this are dropped (and counted in the log): memory stays bounded if the disk stalls. */
    private static final int MAX_QUEUED = 65536;
    private static AccessLog shared;

    private final Path file;
    private final AccessLogFormat format;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>(MAX_QUEUED);
    private long dropped;

    private AccessLog(Path file, AccessLogFormat format) {
        this.file = file;
        this.format = format;
    }

    /** The process's access log, started at the first call; null when http_access_log is off or not HTTP. */
    public static synchronized AccessLog of(DroverConfig config) {
        if (config.httpAccessLog().isEmpty() || !config.openHttpProtocol()) {
            return null;
        }
        if (shared == null) {
            shared = new AccessLog(config.httpAccessLog().get(), config.httpAccessLogFormat());
            Thread writer = Thread.ofPlatform().daemon().name("access-log").start(shared::writeLoop);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::drain, "access-log-flush"));
            writer.setPriority(Thread.MIN_PRIORITY);
        }
        return shared;
    }

    /** A response is whole (RESPONSE_END); a payload without a summary, or an interim 1xx, writes nothing. */
    public void responseEnded(String remoteAddress, int workerSlot, ByteBuffer payload) {
        ResponseSummary summary = ResponseSummary.decode(payload);
        if (summary == null || summary.status() < 200) {
            return;
        }
        String line = format(Instant.now(), remoteAddress, workerSlot, summary);
        if (!lines.offer(line)) {
            synchronized (this) {
                dropped++;
            }
        }
    }

    String format(Instant time, String remoteAddress, int workerSlot, ResponseSummary summary) {
        String host = hostOf(remoteAddress);
        if (format == AccessLogFormat.JSON) {
            return "{\"time\":\"" + time + "\",\"remote\":\"" + escaped(host) + "\",\"request\":\""
                    + escaped(summary.requestLine()) + "\",\"status\":" + summary.status() + ",\"bytes\":" + summary.bytes()
                    + ",\"worker\":" + workerSlot + "}\n";
        }
        return host + " - - [" + COMMON_TIME.format(time) + "] \"" + escaped(summary.requestLine()) + "\" "
                + summary.status() + " " + summary.bytes() + "\n";
    }

    // "/127.0.0.1:40312" or "127.0.0.1:40312" or "[::1]:40312" -> the host alone
    static String hostOf(String remoteAddress) {
        String address = remoteAddress.startsWith("/") ? remoteAddress.substring(1) : remoteAddress;
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : address;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Bytes outside printable ASCII, quotes and backslashes as \xHH (as nginx does): one line, always parseable. */
    static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\x%02X", (int) c & 0xFF));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void writeLoop() {
        while (true) {
            try {
                String first = lines.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    List<String> batch = new ArrayList<>();
                    batch.add(first);
                    lines.drainTo(batch, 4095);
                    write(batch);
                }
                reportDrops();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void drain() {
        List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        write(rest);
    }

    private synchronized void write(List<String> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(batch.size() * 96);
        batch.forEach(text::append);
        // opened per batch: a file moved away by logrotate is simply made again (no SIGHUP needed)
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            Log.warnThrottled("access log", "cannot write http_access_log " + file + ": " + e.getMessage()
                    + "; " + batch.size() + " line(s) lost");
        }
    }

    private synchronized void reportDrops() {
        if (dropped > 0) {
            Log.warn("http_access_log " + file + " fell behind: " + dropped + " line(s) dropped");
            dropped = 0;
        }
    }
}
