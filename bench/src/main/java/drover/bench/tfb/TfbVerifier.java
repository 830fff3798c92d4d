package drover.bench.tfb;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every TFB test type of an app on 127.0.0.1 as TFB's verifier would, and says which check
 * failed and why: {@code TfbVerifier --port N [--tests plaintext,json,...] [--psql PSQL ARGS...]}.
 * With --psql (the rest of the line: psql and its connection options) it also reads the World table
 * to see that the rows answered are the table's and that updates were written. Exits 0 when every
 * check passed, 1 when one failed, 2 on a bad option.
 */
public final class TfbVerifier {
    static final List<String> TESTS = List.of("plaintext", "json", "db", "queries", "fortunes", "updates");
    static final int PIPELINE_DEPTH = 16;

    /** The queries parameter values TFB sends, and how many rows each must give: clamped to 1..500. */
    static final Map<String, Integer> QUERY_COUNTS = orderedCounts();

    private final int port;
    private final WorldTable table;
    private final PrintStream out;
    private int checks;
    private int failures;

    TfbVerifier(int port, WorldTable table, PrintStream out) {
        this.port = port;
        this.table = table;
        this.out = out;
    }

    private static Map<String, Integer> orderedCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("2", 2);
        counts.put("0", 1);
        counts.put("foo", 1);
        counts.put("501", 500);
        counts.put("", 1);
        return counts;
    }

    public static void main(String[] args) {
        int port = -1;
        Set<String> tests = new LinkedHashSet<>(TESTS);
        List<String> psql = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                    case "--tests" -> tests = testList(value(args, ++i, "--tests"));
                    case "--psql" -> {
                        psql = List.of(args).subList(i + 1, args.length);
                        i = args.length;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port N (1..65535) is required");
            }
            if (psql != null && psql.isEmpty()) {
                throw new IllegalArgumentException("--psql needs the psql command");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("TfbVerifier: " + e.getMessage());
            System.exit(2);
            return;
        }
        TfbVerifier verifier = new TfbVerifier(port, psql == null ? null : new WorldTable(psql), System.out);
        System.exit(verifier.verify(tests) ? 0 : 1);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Set<String> testList(String list) {
        Set<String> tests = new LinkedHashSet<>();
        for (String test : list.split(",")) {
            if (!TESTS.contains(test)) {
                throw new IllegalArgumentException("unknown test '" + test + "' (choose from " + String.join(" ", TESTS) + ")");
            }
            tests.add(test);
        }
        return tests;
    }

    /** Runs the checks of the tests named; true when every one passed. */
    boolean verify(Set<String> tests) {
        try (RawHttpClient client = new RawHttpClient(port, 10_000)) {
            for (String test : TESTS) {
                if (tests.contains(test)) {
                    run(client, test);
                }
            }
        } catch (IOException e) {
            fail("connect", "cannot reach 127.0.0.1:" + port + ": " + e.getMessage());
        }
        out.println(failures == 0 ? "tfb verify: all " + checks + " checks passed"
                : "tfb verify: FAILED " + failures + " of " + checks + " checks");
        return failures == 0;
    }

    private void run(RawHttpClient client, String test) {
        try {
            switch (test) {
                case "plaintext" -> plaintext(client);
                case "json" -> json(client);
                case "db" -> db(client);
                case "queries" -> queries(client);
                case "fortunes" -> fortunes(client);
                case "updates" -> updates(client);
                default -> throw new IllegalStateException(test);
            }
        } catch (IOException | RuntimeException e) {
            fail(test, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void plaintext(RawHttpClient client) throws IOException {
        check("plaintext", "GET /plaintext", plaintextProblems(client.get("/plaintext")));
        List<String> problems = new ArrayList<>();
        List<HttpResponse> responses = client.pipelined("/plaintext", PIPELINE_DEPTH);
        for (int i = 0; i < responses.size() && problems.isEmpty(); i++) {
            plaintextProblems(responses.get(i)).forEach(p -> problems.add("response " + problems.size() + ": " + p));
        }
        check("plaintext", PIPELINE_DEPTH + " GET /plaintext pipelined in one write", problems);
    }

    private static List<String> plaintextProblems(HttpResponse response) {
        List<String> problems = new ArrayList<>(ResponseChecks.head(response, "text/plain"));
        if (!response.text().equals("Hello, World!")) {
            problems.add("body " + ResponseChecks.excerpt(response.text()) + ", want 'Hello, World!'");
        }
        return problems;
    }

    private void json(RawHttpClient client) throws IOException {
        HttpResponse response = client.get("/json");
        List<String> problems = new ArrayList<>(ResponseChecks.head(response, "application/json"));
        Object body = Json.parse(response.text());
        if (!Map.of("message", "Hello, World!").equals(body)) {
            problems.add("body " + ResponseChecks.excerpt(response.text()) + ", want {\"message\":\"Hello, World!\"}");
        }
        check("json", "GET /json", problems);
    }

    private void db(RawHttpClient client) throws IOException {
        Map<Integer, Integer> answered = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse response = client.get("/db");
            problems.addAll(ResponseChecks.head(response, "application/json"));
            Object row = Json.parse(response.text());
            List<String> rowProblems = ResponseChecks.world(row, "the body");
            problems.addAll(rowProblems);
            if (rowProblems.isEmpty()) {
                remember((Map<?, ?>) row, answered);
            }
        }
        problems.addAll(againstTable(answered, -1));
        check("db", "5 x GET /db", problems);
    }

    private void queries(RawHttpClient client) throws IOException {
        for (Map.Entry<String, Integer> count : QUERY_COUNTS.entrySet()) {
            Map<Integer, Integer> answered = new LinkedHashMap<>();
            String target = "/queries?queries=" + count.getKey();
            List<String> problems = worlds(client.get(target), count.getValue(), answered);
            problems.addAll(againstTable(answered, -1));
            check("queries", "GET " + target + " (" + count.getValue() + " rows)", problems);
        }
    }

    private void updates(RawHttpClient client) throws IOException {
        for (Map.Entry<String, Integer> count : QUERY_COUNTS.entrySet()) {
            long before = table == null ? -1 : table.currentTransaction();
            Map<Integer, Integer> answered = new LinkedHashMap<>();
            String target = "/updates?queries=" + count.getKey();
            List<String> problems = worlds(client.get(target), count.getValue(), answered);
            problems.addAll(againstTable(answered, before));
            check("updates", "GET " + target + " (" + count.getValue() + " rows, written)", problems);
        }
    }

    private void fortunes(RawHttpClient client) throws IOException {
        HttpResponse response = client.get("/fortunes");
        List<String> problems = new ArrayList<>(ResponseChecks.head(response, "text/html"));
        problems.addAll(FortunesCheck.check(response.text()));
        check("fortunes", "GET /fortunes", problems);
    }

    /** An array of count World rows; the rows are remembered in answered. */
    private static List<String> worlds(HttpResponse response, int count, Map<Integer, Integer> answered) {
        List<String> problems = new ArrayList<>(ResponseChecks.head(response, "application/json"));
        Object body = Json.parse(response.text());
        if (!(body instanceof List<?> rows) || rows.size() != count) {
            problems.add("the body is " + ResponseChecks.describe(body) + ", want an array of " + count + " rows");
            return problems;
        }
        for (int i = 0; i < rows.size() && problems.size() < 5; i++) {
            List<String> rowProblems = ResponseChecks.world(rows.get(i), "row " + i);
            problems.addAll(rowProblems);
            if (rowProblems.isEmpty()) {
                remember((Map<?, ?>) rows.get(i), answered);
            }
        }
        return problems;
    }

    private static void remember(Map<?, ?> row, Map<Integer, Integer> answered) {
        answered.put(((Long) row.get("id")).intValue(), ((Long) row.get("randomNumber")).intValue());
    }

    /**
     * Each row answered must hold the number the table holds; with writtenAfter >= 0, each must also
     * have been written by a transaction after that one (an update writes a new row version even
     * when the new number happens to equal the old).
     */
    private List<String> againstTable(Map<Integer, Integer> answered, long writtenAfter) throws IOException {
        if (table == null || answered.isEmpty()) {
            return List.of();
        }
        Map<Integer, WorldTable.Row> rows = table.rows(answered.keySet(), Math.max(writtenAfter, 0));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, Integer> row : answered.entrySet()) {
            WorldTable.Row held = rows.get(row.getKey());
            if (held == null) {
                problems.add("id " + row.getKey() + " is not in the World table");
            } else if (held.randomNumber() != row.getValue()) {
                problems.add("id " + row.getKey() + " answered randomNumber " + row.getValue() + ", the table holds "
                        + held.randomNumber());
            } else if (writtenAfter >= 0 && !held.writtenAfter()) {
                problems.add("id " + row.getKey() + " was answered as updated, but the table's row was not written");
            }
            if (problems.size() >= 3) {
                break;
            }
        }
        return problems;
    }

    private void check(String test, String what, List<String> problems) {
        checks++;
        if (problems.isEmpty()) {
            out.println("tfb verify: PASS " + test + ": " + what);
        } else {
            failures++;
            out.println("tfb verify: FAIL " + test + ": " + what + ": " + String.join("; ", problems));
        }
    }

    private void fail(String test, String why) {
        checks++;
        failures++;
        out.println("tfb verify: FAIL " + test + ": " + why);
    }
}
