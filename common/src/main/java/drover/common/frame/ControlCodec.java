package drover.common.frame;

import drover.common.frame.ControlMessage.BootError;
import drover.common.frame.ControlMessage.Command;
import drover.common.frame.ControlMessage.Counters;
import drover.common.frame.ControlMessage.CountersRequest;
import drover.common.frame.ControlMessage.Drain;
import drover.common.frame.ControlMessage.Heartbeat;
import drover.common.frame.ControlMessage.Ready;
import drover.common.frame.ControlMessage.Recycle;
import drover.common.frame.ControlMessage.Reply;
import drover.common.frame.ControlMessage.Stop;
import drover.common.frame.ControlMessage.TaskWorkers;
import drover.common.frame.ControlMessage.WorkerCount;
import drover.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one codec for {@link ControlMessage}s: each payload is UTF-8 text (docs/FRAMES.md). A
 * payload that does not parse as its frame type's message is refused with a
 * {@link FrameFormatException} that says which frame and why; the link stays up.
 */
public final class ControlCodec {
    private static final String REQUESTS = "requests=";

    private ControlCodec() {
    }

    /** The payload that carries the message in its frame ({@link ControlMessage#type()}). */
    public static byte[] encode(ControlMessage message) {
        String text = switch (message) {
            case Ready r -> r.detail();
            case BootError e -> e.message();
            case Heartbeat h -> REQUESTS + h.requests();
            case Recycle r -> r.reason();
            case Counters c -> {
                Json json = new Json().begin();
                c.values().forEach(json::field);
                yield json.end().toString();
            }
            case Command c -> c.name();
            case Drain d -> "";
            case Stop s -> "";
            case CountersRequest r -> "";
            case WorkerCount w -> Integer.toString(w.count());
            case TaskWorkers t -> t.ready();
            case Reply r -> r.text();
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The message a frame of that type carries. STATS goes both ways: empty, the manager asks
     * (CountersRequest); with an object, the reactor answers (Counters).
     */
    public static ControlMessage decode(FrameType type, ByteBuffer payload) throws FrameFormatException {
        String text = utf8(type, payload);
        try {
            return switch (type) {
                case READY -> new Ready(text);
                case BOOT_ERROR -> new BootError(text);
                case HEARTBEAT -> new Heartbeat(requests(text));
                case RECYCLE -> new Recycle(text);
                case STATS -> text.isBlank() ? new CountersRequest() : new Counters(Json.readNumbers(text));
                case COMMAND -> new Command(text.trim());
                case DRAIN -> new Drain();
                case STOP -> new Stop();
                case WORKER_COUNT -> new WorkerCount(Integer.parseInt(text.trim()));
                case TASK_WORKERS -> new TaskWorkers(text.trim());
                case REPLY -> new Reply(text);
                default -> throw new IllegalArgumentException("not a control frame");
            };
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new FrameFormatException("malformed " + type + " control message '" + abbreviate(text) + "': "
                    + e.getMessage());
        }
    }

    private static long requests(String text) {
        if (!text.startsWith(REQUESTS)) {
            throw new IllegalArgumentException("want " + REQUESTS + "N");
        }
        return Long.parseLong(text.substring(REQUESTS.length()).trim());
    }

    private static String utf8(FrameType type, ByteBuffer payload) throws FrameFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(payload).toString();
        } catch (CharacterCodingException e) {
            throw new FrameFormatException("malformed " + type + " control message: its payload is not UTF-8");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
