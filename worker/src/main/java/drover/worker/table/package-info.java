/**
 * Worker and task worker JVMs: the app's view of the shared-memory tables and atomics
 * ({@link drover.worker.api.Table}, {@link drover.worker.api.Atomic}) over the files the manager made
 * ({@code drover.common.table}). Uses nothing else of the worker.
 */
package drover.worker.table;
