package drover.examples.echo;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;
import java.nio.ByteBuffer;

/**
 * Echoes every packet back whole. With the framing in this jar's drover.properties a packet is a
 * 4-byte big-endian length followed by that many bytes, and the reply carries the header too.
 *
 * <p>It takes the packet as a ByteBuffer, lent for the call: send copies the bytes straight from
 * where they arrived (for a large packet, shared memory with large_payload=shm) into the reply, and
 * the worker makes no array per packet. An app that keeps packets takes them as byte[] instead.
 */
public final class EchoApp implements DroverApp {
    @Override
    public void onReceive(Server server, long sessionId, ByteBuffer data) {
        server.send(sessionId, data);
    }
}
