package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
    @Test
    void parsesIpv4AndHostNames() {
        assertEquals(new HostPort("127.0.0.1", 9501), HostPort.parse("127.0.0.1:9501"));
        assertEquals(new HostPort("localhost", 0), HostPort.parse("localhost:0"));
        assertEquals(new HostPort("0.0.0.0", 65535), HostPort.parse("0.0.0.0:65535"));
    }

    @Test
    void parsesBracketedIpv6WithoutKeepingTheBrackets() {
        assertEquals(new HostPort("::1", 9501), HostPort.parse("[::1]:9501"));
        assertEquals(new HostPort("fe80::1:2", 80), HostPort.parse("[fe80::1:2]:80"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9501", "[::1]:9501", "example.org:0", "[2001:db8::7]:65535"})
    void toStringRoundTrips(String text) {
        HostPort parsed = HostPort.parse(text);
        assertEquals(text, parsed.toString());
        assertEquals(parsed, HostPort.parse(parsed.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", ":9501", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:95x1",
            "::1:9501", "[::1:9501", "[::1]9501", "[127.0.0.1]:9501", "a host:1", "[]:1"})
    void rejectsMalformedText(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }

    @Test
    void explainsWhyUnbracketedIpv6IsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:9501"));
        assertTrue(e.getMessage().contains("[::1]:9501"), e.getMessage());
    }

    @Test
    void constructorChecksThePortRange() {
        assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("h", -1));
        assertThrows(IllegalArgumentException.class, () -> new HostPort("", 1));
    }

    @Test
    void socketAddressCarriesHostAndPort() {
        InetSocketAddress v4 = HostPort.parse("127.0.0.1:0").toSocketAddress();
        assertEquals("127.0.0.1", v4.getAddress().getHostAddress());
        assertEquals(0, v4.getPort());

        InetSocketAddress v6 = HostPort.parse("[::1]:9501").toSocketAddress();
        assertTrue(v6.getAddress() instanceof Inet6Address, v6.toString());
        assertTrue(v6.getAddress().isLoopbackAddress(), v6.toString());
        assertEquals(9501, v6.getPort());
    }
}
