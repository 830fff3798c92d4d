package drover.common.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import drover.common.tls.TlsConnectionInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A TLS session's CONNECT carries the handshake's facts after the address; absent ones stay absent. */
class TlsConnectPayloadTest {
    @Test
    void theFactsSurviveTheTripWithAnIpv6AddressAndASubjectWithCommas() {
        TlsConnectionInfo info = new TlsConnectionInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.of("http/1.1"),
                Optional.of("CN=client-1,O=Example\\, Inc."));
        TlsConnectPayload decoded = TlsConnectPayload.decode(ByteBuffer.wrap(TlsConnectPayload.encode("::1:40000", info)));
        assertEquals(new TlsConnectPayload("::1:40000", info), decoded);
    }

    @Test
    void noAlpnAndNoClientCertificateAreEmpty() {
        TlsConnectionInfo info = new TlsConnectionInfo("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                Optional.empty(), Optional.empty());
        assertEquals(info, TlsConnectPayload.decode(ByteBuffer.wrap(TlsConnectPayload.encode("127.0.0.1:1", info))).info());
    }

    @Test
    void aPlainAddressIsNotATlsPayload() {
        assertThrows(IllegalArgumentException.class,
                () -> TlsConnectPayload.decode(ByteBuffer.wrap("127.0.0.1:1".getBytes(StandardCharsets.UTF_8))));
    }
}
