/**
 * App metrics: counters, gauges and histograms with fixed buckets and labels ({@link
 * drover.worker.api.metrics.Metrics}). Each worker and task worker sends its values to the manager
 * after every heartbeat; the manager's {@code /metrics} (setting {@code admin_listen}) shows counters
 * and histograms summed across the processes, never going backwards when a worker is replaced, and
 * gauges per process. docs/WRITING-APPS.md shows their use.
 */
package drover.worker.api.metrics;
