package drover.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 9112 §3.2: the request's host, as the app sees it in Host, over a raw socket to the faulty app. */
@Timeout(120)
class HttpHostIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(1)
            .set("open_http_protocol=true").set("open_length_check=false");

    @Test
    void anAbsoluteFormTargetSetsTheHostAndAnInvalidHostGets400() throws Exception {
        cluster.start(DroverCluster.FAULTY_JAR);
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            HttpReply own = client.send("GET /host HTTP/1.1\r\nHost: example.com:81\r\n\r\n").read();
            assertEquals("example.com:81", own.text());
            HttpReply absolute = client.send("GET http://other:8080/host?x HTTP/1.1\r\nHost: example.com\r\n\r\n").read();
            assertEquals(200, absolute.status());
            assertEquals("other:8080", absolute.text(), "the target's host, not the Host field's");
        }
        try (RawHttpClient client = new RawHttpClient(cluster.port())) {
            HttpReply bad = client.send("GET /host HTTP/1.1\r\nHost: a b@c\r\n\r\n").read();
            assertEquals(400, bad.status(), bad.toString());
            assertTrue(bad.closes(), "an error response ends the connection");
        }
    }
}
