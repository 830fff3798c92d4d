/**
 * Which payloads are large ({@code PayloadLimits}) and where one above {@code large_payload_threshold}
 * goes while its PAYLOAD_REF travels on the link: the {@code PayloadStore} interface, the
 * shared-memory rings ({@code ShmRing*}), temp files ({@code TempFileStore}), and the generic half of {@code large_payload=chronicle}
 * ({@code QueueStoreFactory}, found through {@code ServiceLoader}; {@code QueueFirstStore};
 * {@code QueueDirs}; {@code ChronicleFlags}), whose Chronicle Queue store itself is in the
 * {@code chronicle} module. {@code PayloadStores} picks the store from the settings. Used by the
 * reactor, workers and task workers through their links, and by the manager, which sweeps a
 * server's leftovers and gives a chronicle child its JVM flags. Depends on {@code config},
 * {@code frame} and {@code log}; never on {@code link}, which is built on it.
 */
package drover.common.payload;
