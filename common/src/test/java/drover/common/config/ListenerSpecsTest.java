package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** listen entries name their protocol ({@code host:port/http}); without a suffix, the open_* default. */
class ListenerSpecsTest {
    private static DroverConfig withSets(String... sets) throws ConfigException {
        return ConfigLoader.load(null, null, List.of(sets));
    }

    private static String refusal(String... sets) {
        return assertThrows(ConfigException.class, () -> withSets(sets)).getMessage();
    }

    @Test
    void eachEntryNamesItsProtocolAndTheOthersTakeTheDefault() throws ConfigException {
        DroverConfig config = withSets("listen=127.0.0.1:9501,0.0.0.0:8080/http,[::1]:9502/raw",
                "open_length_check=true");
        assertEquals(List.of(
                new ListenerSpec(new HostPort("127.0.0.1", 9501), ListenerProtocol.LENGTH, false),
                new ListenerSpec(new HostPort("0.0.0.0", 8080), ListenerProtocol.HTTP, true),
                new ListenerSpec(new HostPort("::1", 9502), ListenerProtocol.RAW, true)), config.listeners());
        assertEquals(List.of(new HostPort("127.0.0.1", 9501), new HostPort("0.0.0.0", 8080),
                new HostPort("::1", 9502)), config.listen());
        assertTrue(config.servesHttp() && config.servesPackets());
        assertEquals("127.0.0.1:9501,0.0.0.0:8080/http,[::1]:9502/raw", config.toProperties().getProperty("listen"),
                "printed as written, so the effective settings read back the same");
    }

    @Test
    void withoutSuffixesTheOpenSettingsDecideAsBefore() throws ConfigException {
        assertEquals(ListenerProtocol.RAW, withSets().listeners().getFirst().protocol());
        assertEquals(ListenerProtocol.HTTP, withSets("open_http_protocol=true").listeners().getFirst().protocol());
        assertEquals(ListenerProtocol.EOF, withSets("open_eof_split=true").listeners().getFirst().protocol());
        assertFalse(withSets("open_http_protocol=true").servesPackets());
    }

    @Test
    void anUnknownSuffixIsRefusedNamingTheEntryAndTheChoices() {
        String why = refusal("listen=127.0.0.1:1,127.0.0.1:2/htp");
        assertTrue(why.contains("entry '127.0.0.1:2/htp': unknown protocol '/htp': expected one of /http, /length,"
                + " /eof, /raw"), why);
    }

    @Test
    void twoFramingsOnOneEntryAreRefused() {
        String why = refusal("listen=127.0.0.1:2/http/length");
        assertTrue(why.contains("entry '127.0.0.1:2/http/length': names 2 protocols (http, length):"
                + " a listener has one framing protocol"), why);
        assertTrue(refusal("listen=127.0.0.1:2/").contains("unknown protocol '/'"));
    }

    @Test
    void sslMarksTlsAfterTheProtocolAndPrintsAsWritten() {
        assertEquals(new ListenerSpec(new HostPort("0.0.0.0", 8443), ListenerProtocol.HTTP, true, false, true),
                ListenerSpec.parse("0.0.0.0:8443/http/ssl", ListenerProtocol.RAW));
        assertEquals(new ListenerSpec(new HostPort("127.0.0.1", 9502), ListenerProtocol.LENGTH, true, false, true),
                ListenerSpec.parse("127.0.0.1:9502/length/ssl", ListenerProtocol.RAW));
        ListenerSpec defaulted = ListenerSpec.parse("127.0.0.1:9503/ssl", ListenerProtocol.EOF);
        assertEquals(new ListenerSpec(new HostPort("127.0.0.1", 9503), ListenerProtocol.EOF, false, false, true), defaulted);
        assertEquals("127.0.0.1:9503/ssl", defaulted.toString());
        assertEquals("0.0.0.0:8443/http/ssl", ListenerSpec.parse("0.0.0.0:8443/http/ssl", ListenerProtocol.RAW).toString());
        assertFalse(ListenerSpec.parse("0.0.0.0:8080/http", ListenerProtocol.RAW).tls());
    }

    @Test
    void sslBeforeTheProtocolIsRefused() {
        String why = refusal("listen=127.0.0.1:2/ssl/http");
        assertTrue(why.contains("the flags come in the order /protocol/proxy/ssl, e.g. 127.0.0.1:2/http/proxy/ssl"), why);
    }

    @Test
    void aTlsListenerWithoutACertificateRefusesTheStart() {
        String why = refusal("listen=127.0.0.1:1/http,127.0.0.1:2/http/ssl", "open_http_protocol=true");
        assertTrue(why.contains("has a TLS listener 127.0.0.1:2/http/ssl but ssl_cert_file is empty"), why);
    }

    @Test
    void anHttpEntryBringsTheHttpCrossChecks() {
        String why = refusal("listen=127.0.0.1:1,127.0.0.1:2/http", "dispatch_mode=1");
        assertTrue(why.contains("has an HTTP listener 127.0.0.1:2/http") && why.contains("dispatch_mode"), why);
    }

    @Test
    void anAddressIsListedOnceWhateverItsProtocol() {
        assertTrue(refusal("listen=127.0.0.1:1/raw,127.0.0.1:1/http").contains("127.0.0.1:1 is listed twice"));
    }

    @Test
    void theProxyFlagCombinesWithAProtocolOrTheDefault() throws ConfigException {
        DroverConfig config = withSets("listen=127.0.0.1:1/http/proxy,127.0.0.1:2/raw/proxy,127.0.0.1:3/proxy,127.0.0.1:4",
                "proxy_protocol_trusted=127.0.0.1", "open_length_check=true");
        assertEquals(List.of(
                new ListenerSpec(new HostPort("127.0.0.1", 1), ListenerProtocol.HTTP, true, true, false),
                new ListenerSpec(new HostPort("127.0.0.1", 2), ListenerProtocol.RAW, true, true, false),
                new ListenerSpec(new HostPort("127.0.0.1", 3), ListenerProtocol.LENGTH, false, true, false),
                new ListenerSpec(new HostPort("127.0.0.1", 4), ListenerProtocol.LENGTH, false, false, false)),
                config.listeners());
        assertEquals("127.0.0.1:1/http/proxy,127.0.0.1:2/raw/proxy,127.0.0.1:3/proxy,127.0.0.1:4",
                config.toProperties().getProperty("listen"));
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "test"));
    }

    @Test
    void aProxyListenerWithoutTrustedSourcesRefusesTheStart() {
        String why = refusal("listen=127.0.0.1:1/http/proxy");
        assertTrue(why.contains("127.0.0.1:1/http/proxy") && why.contains("proxy_protocol_trusted")
                && why.contains("is empty"), why);
    }

    @Test
    void theProxyFlagTwiceIsRefused() {
        assertTrue(refusal("listen=127.0.0.1:1/proxy/proxy", "proxy_protocol_trusted=127.0.0.1")
                .contains("names /proxy twice"));
    }

    @Test
    void proxyAndSslCombineInTheDocumentedOrder() {
        ListenerSpec both = ListenerSpec.parse("0.0.0.0:8443/http/proxy/ssl", ListenerProtocol.RAW);
        assertEquals(new ListenerSpec(new HostPort("0.0.0.0", 8443), ListenerProtocol.HTTP, true, true, true), both);
        assertEquals("0.0.0.0:8443/http/proxy/ssl", both.toString());
        assertEquals(new ListenerSpec(new HostPort("0.0.0.0", 8443), ListenerProtocol.RAW, false, true, true),
                ListenerSpec.parse("0.0.0.0:8443/proxy/ssl", ListenerProtocol.RAW));
    }

    @Test
    void proxyAndSslOutOfOrderOrRepeatedAreRefused() {
        for (String entry : List.of("127.0.0.1:1/http/ssl/proxy", "127.0.0.1:1/proxy/http", "127.0.0.1:1/ssl/proxy")) {
            String why = refusal("listen=" + entry, "proxy_protocol_trusted=127.0.0.1");
            assertTrue(why.contains("the flags come in the order /protocol/proxy/ssl"), entry + ": " + why);
        }
        String twice = refusal("listen=127.0.0.1:1/http/proxy/ssl/ssl", "proxy_protocol_trusted=127.0.0.1");
        assertTrue(twice.contains("names /ssl twice"), twice);
    }
}
