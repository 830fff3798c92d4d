package drover.common.link;

import drover.common.process.ProcessRole;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The first frame on every link: which process is on the other end. Payload text: {@code role slot pid}. */
public record Hello(ProcessRole role, int slot, long pid) {
    public byte[] encode() {
        return (role.label() + " " + slot + " " + pid).getBytes(StandardCharsets.US_ASCII);
    }

    public static Hello decode(ByteBuffer payload) {
        String text = StandardCharsets.US_ASCII.decode(payload).toString();
        String[] parts = text.split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("malformed HELLO payload: '" + text + "'");
        }
        return new Hello(ProcessRole.parse(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }

    public String describe() {
        return role.name(slot) + " pid=" + pid;
    }
}
