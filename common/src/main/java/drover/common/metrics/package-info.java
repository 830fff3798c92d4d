/**
 * App metrics and process vitals on their way from a worker or task worker to the manager: the
 * snapshot a METRICS frame carries ({@link MetricsReport}), its binary encoding
 * ({@link AppMetricsEncoder}, {@link AppMetricsDecoder}) and the measurement of a process's memory and
 * GC ({@link ProcessVitals}). Used by workers, task workers and the manager; it depends on nothing
 * else of Drover.
 */
package drover.common.metrics;
