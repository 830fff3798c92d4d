package drover.examples.jsonwork;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.io.UncheckedIOException;

/**
 * The echo protocol (4-byte length, then the body; each packet is answered with itself), doing a
 * handler's worth of CPU first: a 50-field {@link Order} encoded to JSON with Jackson. Used to compare
 * the workers' C1-only JIT with tiered compilation (docs/benchmarks-history.md).
 */
public final class JsonWorkApp implements DroverApp {
    private final ObjectMapper mapper = new ObjectMapper();
    private int seed;
    /** Read by nothing: the encoded lengths, summed so that the encoding's result is used. */
    private long encodedBytes;

    @Override
    public void onReceive(Server server, long sessionId, byte[] packet) {
        try {
            encodedBytes += mapper.writeValueAsBytes(Order.sample(seed++)).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        server.send(sessionId, packet);
    }
}
