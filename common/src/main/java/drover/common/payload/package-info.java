/**
 * Which payloads are large ({@code PayloadLimits}) and where one above {@code large_payload_threshold}
 * goes while its PAYLOAD_REF travels on the link: the {@code PayloadStore} interface and its
 * capabilities ({@code PerLinkStore}, {@code InPlaceInput}, {@code LendingOutput}), the shared-memory
 * rings ({@code ShmRing*}), temp files ({@code TempFileStore}), and {@code StoreModule}, the
 * {@code ServiceLoader} interface of a store shipped as a module of its own (large_payload=chronicle:
 * the {@code chronicle} module holds all of it). {@code StoreDirs} names the directories a store keeps
 * per process in shm_dir. {@code PayloadStores} picks the store from the settings. Used by the
 * reactor, workers and task workers through their links, and by the manager, which sweeps a server's
 * leftovers. Depends on {@code config}, {@code frame} and {@code log}; never on {@code link}, which is
 * built on it.
 */
package drover.common.payload;
