package drover.bench.jmh;

import drover.common.http.HttpHeaders;
import drover.common.http.HttpPacketEncoder;
import drover.common.http.HttpPacketFormatException;
import drover.common.http.HttpRequestMessage;
import drover.common.http.HttpVersion;
import drover.worker.api.http.HttpApp;
import drover.worker.api.http.Request;
import drover.worker.api.http.Response;
import drover.worker.http.HttpExchangeHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A worker's part of one HTTP request, without the link: the request packet as the reactor sends it
 * for wrk's {@code GET /} is decoded, a hello app answers it, and the response is encoded into the
 * bytes handed to the session. It runs under the workers' own JVM flags (C1 only, the serial
 * collector, an 8 MiB first heap), which is where this code runs in production: C2 would hide the
 * costs C1 pays. Scores are nanoseconds per request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xms8m"})
public class HttpExchangeBenchmark {
    private static final long SESSION = 42;

    /** As examples/http-hello answers GET /. */
    static final class HelloApp implements HttpApp {
        private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

        @Override
        public void onRequest(Request request, Response response) {
            if (request.path().equals("/") && request.method().equals("GET")) {
                response.header("Content-Type", "text/plain").end(HELLO);
            } else {
                response.status(404).end();
            }
        }
    }

    private final CountingSessions sessions = new CountingSessions();
    private HttpExchangeHandler handler;
    private byte[] packet;

    @Setup
    public void prepare() {
        handler = new HttpExchangeHandler(new HelloApp(), sessions, System::currentTimeMillis);
        packet = HttpPacketEncoder.request(new HttpRequestMessage("GET", "/", "", HttpVersion.HTTP_1_1, true,
                HttpHeaders.of("Host", "127.0.0.1:9501"), new byte[0], HttpHeaders.empty()));
    }

    @Benchmark
    public long helloRequest() throws HttpPacketFormatException {
        handler.onReceive(SESSION, packet);
        return sessions.bytesSent;
    }
}
