/**
 * The Unix-domain links between processes: opening them ({@code UnixSockets}, {@code RunDir}),
 * checking the peer ({@code LinkSecret}, {@code PeerCredentials}, {@code LinkGuard}), the HELLO a
 * process sends with its {@code ProcessRole}, and the ends that read and write frames on them
 * ({@code LinkEnd}, {@code LinkOutput}, {@code LinkInput}, {@code ControlLink}), large payloads
 * included. Used by the manager (control socket), the reactor (worker links) and the workers and
 * task workers (all three kinds). Above {@code payload}: it may depend on {@code buffer},
 * {@code config}, {@code frame}, {@code log}, {@code payload} and {@code session}, never on
 * {@code process}.
 */
package drover.common.link;
