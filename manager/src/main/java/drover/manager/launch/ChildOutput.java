package drover.manager.launch;

import drover.common.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies everything a child prints (its standard output and error, merged) into the manager's log,
 * one line at a time, stamped with the child's role, slot and pid. A child's own log lines arrive
 * as "LEVEL message" and keep their level; anything else (an app's System.out, a thread dump after
 * SIGQUIT, a JVM error) is logged as OUT. One virtual thread per child, ending at the pipe's EOF.
 */
final class ChildOutput implements Runnable {
    /** Longer lines are cut, so a child printing without newlines cannot grow the manager's memory. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final Pattern LEVELLED = Pattern.compile("(DEBUG|INFO|WARN|ERROR) (.*)", Pattern.DOTALL);

    private final InputStream in;
    private final String name;
    private final long pid;

    ChildOutput(InputStream in, String name, long pid) {
        this.in = in;
        this.name = name;
        this.pid = pid;
    }

    static void start(Process process, String name) {
        Thread.ofVirtual().name("output-" + name + "-" + process.pid())
                .start(new ChildOutput(process.getInputStream(), name, process.pid()));
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        emit(line);
                    } else {
                        line.write(chunk[i]);
                        if (line.size() >= MAX_LINE_BYTES) {
                            emit(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            Log.debug("output of " + name + " pid=" + pid + " ended: " + e.getMessage());
        }
        if (line.size() > 0) {
            emit(line);
        }
    }

    private void emit(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        Matcher levelled = LEVELLED.matcher(text);
        if (levelled.matches()) {
            Log.relay(levelled.group(1), name, pid, levelled.group(2));
        } else {
            Log.relay("OUT", name, pid, text);
        }
    }
}
