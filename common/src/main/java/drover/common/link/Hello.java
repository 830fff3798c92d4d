package drover.common.link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The first frame on every link: which process is on the other end. Payload text: {@code role slot
 * pid}, and on a worker's links to the reactor and the task workers {@code role slot pid secret}
 * (LinkSecret), which LinkGuard checks. The secret never appears in a log line: {@link #toString} and
 * {@link #describe} leave it out.
 */
public record Hello(ProcessRole role, int slot, long pid, String secret) {
    /** A HELLO without a secret: on a control link to the manager, whose socket checks the peer's uid. */
    public Hello(ProcessRole role, int slot, long pid) {
        this(role, slot, pid, null);
    }

    public byte[] encode() {
        return (role.label() + " " + slot + " " + pid + (secret == null ? "" : " " + secret)).getBytes(StandardCharsets.US_ASCII);
    }

    public static Hello decode(ByteBuffer payload) {
        String text = StandardCharsets.US_ASCII.decode(payload).toString();
        String[] parts = text.split(" ");
        if (parts.length != 3 && parts.length != 4) {
            throw new IllegalArgumentException("malformed HELLO payload of " + text.length() + " characters, "
                    + parts.length + " fields: '" + (parts.length > 3 ? String.join(" ", parts[0], parts[1], parts[2]) + " ..." : text) + "'");
        }
        return new Hello(ProcessRole.parse(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                parts.length == 4 ? parts[3] : null);
    }

    public String describe() {
        return role.name(slot) + " pid=" + pid;
    }

    @Override
    public String toString() {
        return "Hello[" + describe() + (secret == null ? "" : ", with a secret") + "]";
    }
}
