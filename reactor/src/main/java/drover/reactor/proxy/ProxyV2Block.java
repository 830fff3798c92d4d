package drover.reactor.proxy;

import drover.common.net.IpLiteral;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A whole version 2 header: 16 fixed bytes (signature, version and command, family, length), then the block. */
final class ProxyV2Block {
    private static final int UNIX_PATH = 108;

    /** The address family nibble, with the bytes its addresses and ports take. */
    private enum Family {
        UNSPEC(0), INET(12), INET6(36), UNIX(2 * UNIX_PATH);

        final int addressBytes;

        Family(int addressBytes) {
            this.addressBytes = addressBytes;
        }
    }

    private ProxyV2Block() {}

    static ProxyHeader parse(byte[] header) throws ProxyHeaderException {
        ProxyCommand command = ProxyCommand.ofCode(header[12] & 0x0f);
        // LOCAL: the balancer's own connection; the spec says to discard the block, family and all.
        if (command == ProxyCommand.LOCAL) {
            return new ProxyHeader(2, command, new ProxiedAddresses.Unknown(), List.of());
        }
        int familyCode = (header[13] & 0xf0) >>> 4;
        int transport = header[13] & 0x0f;
        if (familyCode >= Family.values().length) {
            throw new ProxyHeaderException("PROXY v2 address family 0x" + Integer.toHexString(familyCode)
                    + " is not UNSPEC (0), INET (1), INET6 (2) or UNIX (3)");
        }
        if (transport > 2) {
            throw new ProxyHeaderException("PROXY v2 transport 0x" + Integer.toHexString(transport)
                    + " is not UNSPEC (0), STREAM (1) or DGRAM (2)");
        }
        Family family = Family.values()[familyCode];
        // UNSPEC: nothing says where addresses end, so the block (TLVs included) is ignored.
        if (family == Family.UNSPEC || transport == 0) {
            return new ProxyHeader(2, command, new ProxiedAddresses.Unknown(), List.of());
        }
        int blockLength = header.length - ProxyHeaderDecoder.V2_FIXED_PART;
        if (blockLength < family.addressBytes) {
            throw new ProxyHeaderException("PROXY v2 " + family + " block is " + blockLength
                    + " bytes long, shorter than the " + family.addressBytes + " its addresses need");
        }
        boolean datagram = transport == 2;
        int at = ProxyHeaderDecoder.V2_FIXED_PART;
        ProxiedAddresses addresses = family == Family.UNIX
                ? new ProxiedAddresses.Unix(path(header, at), path(header, at + UNIX_PATH), datagram)
                : inet(header, at, family == Family.INET ? 4 : 16, datagram);
        return new ProxyHeader(2, command, addresses, ProxyTlvs.read(header, at + family.addressBytes));
    }

    private static ProxiedAddresses.Inet inet(byte[] header, int at, int size, boolean datagram) {
        int ports = at + 2 * size;
        InetSocketAddress source = new InetSocketAddress(
                IpLiteral.address(Arrays.copyOfRange(header, at, at + size)), u16(header, ports));
        InetSocketAddress destination = new InetSocketAddress(
                IpLiteral.address(Arrays.copyOfRange(header, at + size, ports)), u16(header, ports + 2));
        return new ProxiedAddresses.Inet(source, destination, datagram);
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    // sun_path: the path's bytes, NUL-padded to 108 (an abstract name starts with NUL and keeps its bytes).
    private static String path(byte[] header, int at) {
        int end = at + (header[at] == 0 ? 1 : 0);
        while (end < at + UNIX_PATH && header[end] != 0) {
            end++;
        }
        return new String(header, at, end - at, StandardCharsets.UTF_8);
    }
}
