package drover.reactor.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what a decoder or a session hands on, as readable strings. */
final class RecordingSink implements FrameSink, WebSocketSession.Listener {
    final List<String> events = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void onMessage(Opcode type, byte[] payload, boolean finish) {
        payloads.add(payload);
        String shown = type == Opcode.TEXT ? new String(payload, StandardCharsets.UTF_8) : payload.length + " bytes";
        events.add(type + (finish ? "" : " (more)") + ": " + shown);
    }

    @Override
    public void onPing(byte[] payload) {
        events.add("PING: " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onPong(byte[] payload) {
        events.add("PONG: " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("CLOSE " + code + (reason.isEmpty() ? "" : " " + reason));
    }
}
