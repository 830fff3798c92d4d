/**
 * Shared-memory tables and atomics (settings {@code tables} and {@code atomics}): files in shm_dir
 * that the manager creates at start and every worker and task worker maps, so the app's state is
 * shared across worker JVMs and survives their respawn and reload. Used by the manager (creates,
 * sweeps, reports rows used), workers and task workers (the app's {@code Server.table}); depends on
 * {@code config}, {@code payload} (PrivateDirs) and {@code log}.
 */
package drover.common.table;
