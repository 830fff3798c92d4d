package drover.common.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough DER (X.690) to look inside private keys and wrap the traditional forms into PKCS#8:
 * reading one element's tag and value, and writing an element. Definite lengths only, as DER demands.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0] constructed: the parameters of SEC1's ECPrivateKey. */
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag byte and its value bytes. */
    record Element(int tag, byte[] value) {
        /** The elements inside a constructed value, e.g. a SEQUENCE's fields. */
        List<Element> children() throws DerException {
            List<Element> children = new ArrayList<>();
            int[] offset = {0};
            while (offset[0] < value.length) {
                children.add(read(value, offset));
            }
            return children;
        }
    }

    /** Bytes that are not the DER this code expects; the caller names the file. */
    static final class DerException extends Exception {
        DerException(String message) {
            super(message);
        }
    }

    private Der() {
    }

    /** The single element that must fill {@code bytes} exactly. */
    static Element parse(byte[] bytes) throws DerException {
        int[] offset = {0};
        Element element = read(bytes, offset);
        if (offset[0] != bytes.length) {
            throw new DerException((bytes.length - offset[0]) + " bytes after the DER element");
        }
        return element;
    }

    private static Element read(byte[] bytes, int[] offset) throws DerException {
        int at = offset[0];
        if (bytes.length - at < 2) {
            throw new DerException("DER element cut short at byte " + at);
        }
        int tag = bytes[at++] & 0xFF;
        int length = bytes[at++] & 0xFF;
        if (length >= 0x80) {
            int count = length & 0x7F;
            if (count == 0 || count > 3 || bytes.length - at < count) {
                throw new DerException("unsupported DER length form at byte " + (at - 1));
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (bytes[at++] & 0xFF);
            }
        }
        if (length > bytes.length - at) {
            throw new DerException("DER element of " + length + " bytes at byte " + offset[0] + " overruns the "
                    + bytes.length + "-byte input");
        }
        offset[0] = at + length;
        return new Element(tag, Arrays.copyOfRange(bytes, at, at + length));
    }

    static byte[] element(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** An element written back whole: tag, length and value. */
    static byte[] encode(Element element) {
        return element(element.tag(), element.value());
    }

    /** Dotted text of an OBJECT IDENTIFIER's value, e.g. "1.2.840.10045.2.1". */
    static String oid(Element element) throws DerException {
        if (element.tag() != OID || element.value().length == 0) {
            throw new DerException("expected an OBJECT IDENTIFIER, found tag 0x" + Integer.toHexString(element.tag()));
        }
        byte[] v = element.value();
        StringBuilder text = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (byte b : v) {
            arc = (arc << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = (int) Math.min(arc / 40, 2);
                    text.append(top).append('.').append(arc - 40L * top);
                    first = false;
                } else {
                    text.append('.').append(arc);
                }
                arc = 0;
            }
        }
        return text.toString();
    }
}
