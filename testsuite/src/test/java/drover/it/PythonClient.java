package drover.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the python3 clients in slow_clients.py (a test resource): started at once, its output
 * read line by line, killed (with anything it started) when the test is done with it.
 */
final class PythonClient implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final StringBuilder seen = new StringBuilder();

    /** Starts python3 slow_clients.py args..., the script copied into dir. */
    PythonClient(Path dir, String... args) throws IOException {
        Path script = dir.resolve("slow_clients.py");
        if (!Files.exists(script)) {
            try (InputStream in = PythonClient.class.getResourceAsStream("slow_clients.py")) {
                if (in == null) {
                    throw new IOException("slow_clients.py is not on the test class path");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The next line it prints; fails when it ends first. The script's own socket timeouts bound the wait. */
    String nextLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            fail("the python client ended without printing another line; it said:\n" + seen);
        }
        seen.append(line).append('\n');
        return line;
    }

    /** Waits for its exit (failing after timeout, scaled) and returns its exit code and the rest of its output. */
    CommandResult finish(Duration timeout) throws Exception {
        if (!process.waitFor(Deadline.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail("the python client did not finish within " + timeout + "; it said:\n" + seen);
        }
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
        }
        return new CommandResult(process.exitValue(), seen.toString());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the pipe of a killed process: nothing left to read
        }
    }
}
