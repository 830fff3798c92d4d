package drover.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The http-hello example served to the JDK's HttpClient, in HTTP/1.1 and with its default h2c upgrade offer. */
@Timeout(300)
class HttpJdkClientIT {
    @RegisterExtension
    final DroverCluster cluster = DroverCluster.withWorkers(2);

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + cluster.port() + path);
    }

    private static Duration timeout() {
        return Deadline.scaled(Duration.ofSeconds(30));
    }

    @Test
    void helloEchoHeadAnd404OverHttp11() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout()).build()) {
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(uri("/")).timeout(timeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hello.statusCode());
            assertEquals("Hello, World!", hello.body());
            assertEquals("text/plain", hello.headers().firstValue("content-type").orElseThrow());
            assertEquals("drover", hello.headers().firstValue("server").orElseThrow());

            byte[] big = new byte[1 << 20];
            new Random(11).nextBytes(big);
            HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(uri("/echo")).timeout(timeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echo.statusCode());
            assertArrayEquals(big, echo.body());

            HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri("/")).timeout(timeout())
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("", head.body());
            assertEquals("13", head.headers().firstValue("content-length").orElseThrow());

            assertEquals(404, client.send(HttpRequest.newBuilder(uri("/x?y=1")).timeout(timeout()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void manyConcurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout()).build()) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                replies.add(client.sendAsync(HttpRequest.newBuilder(uri("/echo")).timeout(timeout())
                        .POST(HttpRequest.BodyPublishers.ofString("request " + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertEquals("request " + i, replies.get(i).join().body());
            }
        }
    }

    @Test
    void theDefaultClientsH2cUpgradeOfferIsAnsweredInHttp11() throws Exception {
        cluster.start(DroverCluster.HTTP_HELLO_JAR);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout()).build()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> reply = client.send(HttpRequest.newBuilder(uri("/")).timeout(timeout()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_1_1, reply.version());
                assertEquals("Hello, World!", reply.body());
            }
        }
    }
}
