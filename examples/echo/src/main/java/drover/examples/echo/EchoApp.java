package drover.examples.echo;

import drover.worker.api.DroverApp;
import drover.worker.api.Server;

/**
 * Echoes every packet back whole. With the framing in this jar's drover.properties a packet is a
 * 4-byte big-endian length followed by that many bytes, and the reply carries the header too.
 */
public final class EchoApp implements DroverApp {
    @Override
    public void onReceive(Server server, long sessionId, byte[] data) {
        server.send(sessionId, data);
    }
}
