package drover.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true", "10.0.0.0/8, 11.0.0.0, false", "10.0.0.0/8, 9.255.255.255, false",
            "192.168.1.0/25, 192.168.1.127, true", "192.168.1.0/25, 192.168.1.128, false",
            "0.0.0.0/0, 203.0.113.9, true", "0.0.0.0/0, ::1, false", "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false", "fd00::/8, fd12:3456::1, true", "fd00::/8, fe80::1, false",
            "::1/128, ::1, true", "::/0, 10.0.0.1, false", "2001:db8::/33, 2001:db8:7fff::1, true",
            "2001:db8::/33, 2001:db8:8000::1, false", "::ffff:10.0.0.0/104, 10.9.8.7, true",
            "::ffff:10.0.0.0/104, 11.0.0.1, false"})
    void rangesHoldExactlyTheirAddresses(String range, String address, boolean inside) {
        assertEquals(inside, Cidr.parse(range).contains(ip(address)), range + " holds " + address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33      | 0..32", "fd00::/129 | 0..128", "10.0.0.0/      | prefix length",
            "10.0.0.0/08      | prefix length", "10.0.0.1/8 | expected 10.0.0.0/8", "localhost/8 | not an IPv4",
            "10.0.0/8         | not an IPv4", "010.0.0.0/8 | leading zeros", "256.0.0.0/8 | 256 > 255",
            "fe80::1%eth0     | not an IPv6", "fd00::1::2/64 | not an IPv6", "/8 | not an IPv4"})
    void badRangesAreRefusedSayingWhy(String text, String expected) {
        String message = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text)).getMessage();
        assertTrue(message.contains(expected), message);
    }

    @Test
    void aListParsesTrimsAndWritesBack() {
        CidrList list = CidrList.parse(" 10.0.0.0/8 , ::1/128,192.0.2.7");
        assertEquals("10.0.0.0/8,0:0:0:0:0:0:0:1/128,192.0.2.7/32", list.toString());
        assertEquals(list, CidrList.parse(list.toString()));
        assertTrue(list.contains(ip("::1")));
        assertTrue(list.contains(ip("192.0.2.7")));
        assertFalse(list.contains(ip("192.0.2.8")));
    }

    @Test
    void anEmptyListHoldsNothing() {
        assertTrue(CidrList.parse("").isEmpty());
        assertFalse(CidrList.parse("").contains(ip("127.0.0.1")));
    }

    @Test
    void aListRefusesEmptyAndRepeatedEntries() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CidrList.parse("10.0.0.0/8,,::1"))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CidrList.parse("10.0.0.0/8,10.0.0.0/8"))
                .getMessage().contains("twice"));
    }
}
