package drover.bench.tfb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The World table itself, read with psql (the verifier must not trust the app for it): whether the
 * rows the app answered with hold those numbers, and whether the updates test really wrote them.
 */
final class WorldTable {
    /** A row as the table holds it, and whether a transaction after a given one wrote it. */
    record Row(int randomNumber, boolean writtenAfter) {
    }

    private final List<String> psql;

    /** psql: the command and its connection options, e.g. psql -h DIR -p PORT -U postgres -d hello_world. */
    WorldTable(List<String> psql) {
        this.psql = List.copyOf(psql);
    }

    /** The id of a transaction of its own: every transaction that starts after it has a greater one. */
    long currentTransaction() throws IOException {
        return Long.parseLong(query("SELECT txid_current()").getFirst().strip());
    }

    Map<Integer, Row> rows(Collection<Integer> ids, long afterTransaction) throws IOException {
        String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Integer, Row> rows = new HashMap<>();
        for (String line : query("SELECT id, randomnumber, xmin::text::bigint > " + afterTransaction
                + " FROM world WHERE id IN (" + list + ")")) {
            String[] fields = line.split("\\|");
            rows.put(Integer.parseInt(fields[0]), new Row(Integer.parseInt(fields[1]), fields[2].equals("t")));
        }
        return rows;
    }

    private List<String> query(String sql) throws IOException {
        List<String> command = new ArrayList<>(psql);
        command.addAll(List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("psql did not finish within 30 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("psql failed (exit " + process.exitValue() + "): " + text.strip());
            }
            return text.lines().filter(line -> !line.isBlank()).toList();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while psql ran", e);
        }
    }
}
