package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.tls.TlsConnectionInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A proxied session's CONNECT carries the PROXY header's details after the payload it has without. */
class ProxyConnectInfoTest {
    private static final ProxyConnectInfo FULL = new ProxyConnectInfo(2, Optional.of("h2"), Optional.of("exämple.com"),
            Optional.of("7F000001:C35A_0A"), Optional.of(new ProxyConnectInfo.Ssl(true, true, false, Optional.of("TLSv1.3"),
                    Optional.of("client-1"), Optional.of("TLS_AES_256_GCM_SHA384"))));

    @Test
    void theDetailsComeBackAndTheAddressIsLeftAsItWas() {
        ProxyConnectInfo.Split split = ProxyConnectInfo.split(ByteBuffer.wrap(FULL.appendTo(bytes("::1:40000"))));
        assertEquals(FULL, split.info());
        assertEquals("::1:40000", StandardCharsets.UTF_8.decode(split.rest()).toString());
    }

    @Test
    void aTlsPayloadBeforeThemStaysWhole() {
        TlsConnectionInfo tls = new TlsConnectionInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty(),
                Optional.of("CN=a"));
        ProxyConnectInfo v1 = new ProxyConnectInfo(1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        ProxyConnectInfo.Split split = ProxyConnectInfo.split(
                ByteBuffer.wrap(v1.appendTo(TlsConnectPayload.encode("127.0.0.1:1", tls))));
        assertEquals(v1, split.info());
        assertEquals(new TlsConnectPayload("127.0.0.1:1", tls), TlsConnectPayload.decode(split.rest()));
    }

    @Test
    void aNulInAValueCannotShiftTheFields() {
        ProxyConnectInfo odd = new ProxyConnectInfo(2, Optional.empty(), Optional.of("a\0b"), Optional.empty(),
                Optional.empty());
        ProxyConnectInfo.Split split = ProxyConnectInfo.split(ByteBuffer.wrap(odd.appendTo(bytes("127.0.0.1:1"))));
        assertEquals(Optional.of("a\uFFFDb"), split.info().authority());
        assertEquals("127.0.0.1:1", StandardCharsets.UTF_8.decode(split.rest()).toString());
    }

    @Test
    void aPayloadWithoutThemIsRefusedSayingWhy() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyConnectInfo.split(ByteBuffer.wrap(bytes("127.0.0.1:1"))));
        assertTrue(refused.getMessage().contains("ends with 8 NUL-led fields"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProxyConnectInfo.split(ByteBuffer.wrap(bytes("x\0v\0\0\0\0\0\0\0"))));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
