package drover.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** http_access_log: each response's end carries its status, size and request line, in request order. */
class ResponsePipelineSummaryTest {
    private final List<String> ended = new ArrayList<>();

    private ResponsePipeline pipeline(boolean summaries) {
        return new ResponsePipeline(summaries, new ResponsePipeline.Connection() {
            @Override
            public void send(byte[] bytes) {
            }

            @Override
            public void responseEnded(byte[] summary) {
                ended.add(summary == null ? "none" : new String(summary, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void close() {
            }
        });
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aHeldResponseIsMeasuredWhenItGoesOut() {
        ResponsePipeline pipeline = pipeline(true);
        ResponsePipeline.Slot first = pipeline.open();
        first.requestLine("GET /slow HTTP/1.1");
        ResponsePipeline.Slot second = pipeline.open();
        second.requestLine("GET /fast HTTP/1.1");
        second.send(ascii("HTTP/1.1 404 Not Found\r\n\r\n"));
        second.send(ascii("gone"));
        second.finish(false); // held behind the first
        first.send(ascii("HTTP/1.1 200 OK\r\n\r\n"));
        first.finish(false);
        assertEquals(List.of("200 19 GET /slow HTTP/1.1", "404 30 GET /fast HTTP/1.1"), ended);
    }

    @Test
    void withoutAnAccessLogNothingIsMeasured() {
        ResponsePipeline.Slot slot = pipeline(false).open();
        slot.send(ascii("HTTP/1.1 200 OK\r\n\r\n"));
        slot.finish(false);
        assertEquals(List.of("none"), ended);
    }
}
