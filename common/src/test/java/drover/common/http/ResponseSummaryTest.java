package drover.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseSummaryTest {
    @Test
    void aSummaryCrossesWholeWithTheRequestLinesBytesKept() {
        byte[] wire = ResponseSummary.encode(404, 151, "GET /caf\u00e9?a=b HTTP/1.1");
        assertEquals(new ResponseSummary(404, 151, "GET /caf\u00e9?a=b HTTP/1.1"), ResponseSummary.decode(ByteBuffer.wrap(wire)));
    }

    @Test
    void anEmptyOrForeignPayloadCarriesNoSummary() {
        assertNull(ResponseSummary.decode(ByteBuffer.allocate(0)));
        assertNull(ResponseSummary.decode(ByteBuffer.wrap("nonsense".getBytes(StandardCharsets.US_ASCII))));
        assertNull(ResponseSummary.decode(ByteBuffer.wrap("x 1 GET".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void theStatusIsReadFromTheResponsesFirstBytes() {
        assertEquals(200, ResponseSummary.statusOf("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, ResponseSummary.statusOf("hello".getBytes(StandardCharsets.US_ASCII)));
    }
}
