package drover.reactor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import drover.common.config.ConfigException;
import drover.common.config.DroverConfig;
import drover.common.http.ResponseSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    private static final Instant T = Instant.parse("2026-12-07T22:10:05Z");

    @TempDir
    Path dir;

    @Test
    void theAddressLosesItsPortAndOddBytesAreEscaped() {
        assertEquals("127.0.0.1", AccessLog.hostOf("/127.0.0.1:40312"));
        assertEquals("::1", AccessLog.hostOf("[::1]:40312"));
        assertEquals("GET /\\x22x\\x5C\\xE9 HTTP/1.1", AccessLog.escaped("GET /\"x\\\u00e9 HTTP/1.1"));
    }

    @Test
    void offWithoutTheSettingOrWithoutHttp() throws ConfigException {
        assertEquals(null, AccessLog.of(config("open_http_protocol", "true")));
        assertEquals(null, AccessLog.of(config("http_access_log", dir.resolve("a.log").toString())));
    }

    @Test
    void aCommonLogFormatLine() throws ConfigException {
        AccessLog log = AccessLog.of(config("open_http_protocol", "true", "http_access_log", dir.resolve("a.log").toString()));
        ResponseSummary summary = new ResponseSummary(200, 151, "GET /x?y=1 HTTP/1.1");
        assertEquals("127.0.0.1 - - [07/Dec/2026:22:10:05 +0000] \"GET /x?y=1 HTTP/1.1\" 200 151\n",
                log.format(T, "/127.0.0.1:5000", 1, summary));
    }

    private static DroverConfig config(String... keyValues) throws ConfigException {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        if (p.containsKey("open_http_protocol")) {
            p.setProperty("dispatch_mode", "2");
        }
        return DroverConfig.fromProperties(p, "test");
    }
}
