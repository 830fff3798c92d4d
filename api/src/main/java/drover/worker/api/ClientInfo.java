package drover.worker.api;

import java.time.Instant;

/**
 * What a worker knows of a session it holds ({@link Server#clientInfo}). The reactor names the
 * client's address in the session's connect; the times are when this worker received the connect
 * and the session's latest packet, which trail the reactor's own by the link's queue (usually well
 * under a millisecond).
 *
 * @param sessionId       the session
 * @param remoteAddress   the client's IP address, as text (IPv6 without brackets)
 * @param remotePort      the client's TCP port
 * @param connectTime     when the connect reached this worker
 * @param lastReceiveTime when the latest packet reached this worker, to the millisecond (read once per
 *                        turn of the worker's event loop); the connect time before any
 */
public record ClientInfo(long sessionId, String remoteAddress, int remotePort, Instant connectTime,
                         Instant lastReceiveTime) {
}
