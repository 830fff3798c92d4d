package drover.bench.tfb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TfbVerifier against a fake app: it passes a right one, and names each way a wrong one is wrong. */
class TfbVerifierTest {
    private FakeTfbServer app;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        app = new FakeTfbServer();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private boolean verify(WorldTable table, String... tests) {
        TfbVerifier verifier = new TfbVerifier(app.port(), table, new PrintStream(output, true, StandardCharsets.UTF_8));
        return verifier.verify(tests.length == 0 ? Set.copyOf(TfbVerifier.TESTS) : Set.of(tests));
    }

    private String out() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private void assertFails(String expected, String... tests) {
        assertFalse(verify(null, tests), out());
        assertTrue(out().contains(expected), "want '" + expected + "' in:\n" + out());
    }

    @Test
    void aRightAppPassesEveryCheck() {
        assertTrue(verify(null), out());
        assertTrue(out().contains("tfb verify: all 15 checks passed"), out());
    }

    @Test
    void aMissingServerHeaderFails() {
        app.routes.put("/plaintext", t -> FakeTfbServer.Answer.of("text/plain", "Hello, World!").without("Server"));
        assertFails("FAIL plaintext: GET /plaintext: no Server header", "plaintext");
    }

    @Test
    void aMissingOrMalformedDateFails() {
        app.routes.put("/json", t -> FakeTfbServer.Answer.of("application/json", "{\"message\":\"Hello, World!\"}").without("Date"));
        assertFails("FAIL json: GET /json: no Date header", "json");
        app.routes.put("/json", t -> FakeTfbServer.Answer.of("application/json", "{\"message\":\"Hello, World!\"}")
                .with("Date", "yesterday"));
        assertFails("Date 'yesterday' is not an RFC 1123 date", "json");
    }

    @Test
    void aWrongContentTypeFails() {
        app.routes.put("/json", t -> FakeTfbServer.Answer.of("text/plain", "{\"message\":\"Hello, World!\"}"));
        assertFails("Content-Type 'text/plain', want 'application/json'", "json");
    }

    @Test
    void aJsonBodyWithAnExtraKeyFails() {
        app.routes.put("/json", t -> FakeTfbServer.Answer.of("application/json", "{\"message\":\"Hello, World!\",\"x\":1}"));
        assertFails("want {\"message\":\"Hello, World!\"}", "json");
    }

    @Test
    void aDbAnswerInAnArrayOrOutOfRangeFails() {
        app.routes.put("/db", t -> FakeTfbServer.Answer.of("application/json", "[{\"id\":5,\"randomNumber\":7}]"));
        assertFails("the body is an array of 1, not a JSON object", "db");
        app.routes.put("/db", t -> FakeTfbServer.Answer.of("application/json", "{\"id\":10001,\"randomNumber\":7}"));
        assertFails("the body.id is 10001, not a whole number in 1..10000", "db");
    }

    @Test
    void queriesNotClampedFail() {
        Function<String, FakeTfbServer.Answer> unclamped = t -> FakeTfbServer.Answer.of("application/json",
                FakeTfbServer.worlds(t.endsWith("=501") ? 501 : FakeTfbServer.clamped(t)));
        app.routes.put("/queries", unclamped);
        assertFails("FAIL queries: GET /queries?queries=501 (500 rows): the body is an array of 501, want an array of 500 rows", "queries");
        app.routes.put("/queries", t -> FakeTfbServer.Answer.of("application/json", FakeTfbServer.worlds(t.endsWith("=0") ? 0 : 1)));
        assertFails("GET /queries?queries=0 (1 rows): the body is an array of 0", "queries");
    }

    @Test
    void unescapedUnsortedOrIncompleteFortunesFail() {
        String raw = FakeTfbServer.FORTUNES_PAGE.replace("&lt;script&gt;", "<script>");
        app.routes.put("/fortunes", t -> FakeTfbServer.Answer.of("text/html; charset=utf-8", raw));
        assertFails("a raw <script> tag: the messages are not HTML-escaped", "fortunes");

        List<String[]> withoutAdded = new ArrayList<>(FortunesCheck.EXPECTED);
        withoutAdded.remove(5);
        app.routes.put("/fortunes", t -> FakeTfbServer.Answer.of("text/html; charset=utf-8", FakeTfbServer.fortunesPage(withoutAdded)));
        assertFails("12 rows <tr><td>id</td><td>message</td></tr>, want 13", "fortunes");

        List<String[]> byId = new ArrayList<>(FortunesCheck.EXPECTED);
        byId.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
        app.routes.put("/fortunes", t -> FakeTfbServer.Answer.of("text/html; charset=utf-8", FakeTfbServer.fortunesPage(byId)));
        assertFails("row 1 is (0, \"Additional fortune added at request time.\"), want (11,", "fortunes");
    }

    /** psql stand-in: a transaction id of 100, and row 5 holding the number given, written after it or not. */
    private static WorldTable table(String row) {
        return new WorldTable(List.of("sh", "-c", "case \"$*\" in *txid_current*) echo 100 ;; *) echo '" + row + "' ;; esac", "psql"));
    }

    @Test
    void rowsTheTableDoesNotHoldFail() {
        assertTrue(verify(table("5|7|f"), "db", "queries"), out());
        assertFalse(verify(table("5|8|f"), "db"), out());
        assertTrue(out().contains("id 5 answered randomNumber 7, the table holds 8"), out());
    }

    @Test
    void updatesTheTableDidNotGetFail() {
        assertTrue(verify(table("5|7|t"), "updates"), out());
        assertFalse(verify(table("5|7|f"), "updates"), out());
        assertTrue(out().contains("id 5 was answered as updated, but the table's row was not written"), out());
    }

    @Test
    void anAppThatIsNotThereFailsLoudly() throws Exception {
        // a port this test holds bound but not listening: a connect is refused, and no other process can
        // take the port meanwhile (a closed app's port could be, as one CI run of the suite saw)
        try (SocketChannel holder = SocketChannel.open()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
            TfbVerifier verifier = new TfbVerifier(port, null, new PrintStream(output, true, StandardCharsets.UTF_8));
            assertFalse(verifier.verify(Set.of("json")), out());
            assertTrue(out().contains("FAIL connect: cannot reach 127.0.0.1:" + port), out());
        }
    }
}
