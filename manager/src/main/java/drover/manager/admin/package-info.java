/**
 * The manager's admin HTTP listener (setting {@code admin_listen}): {@code /metrics} in the Prometheus
 * text format (OpenMetrics when asked), {@code /healthz} and {@code /readyz}, and the board that adds
 * up the app metrics the workers and task workers send. Manager process only; it sees the supervisor
 * through {@link drover.manager.admin.ServerSnapshot}s the supervisor loop builds, and uses the JDK's
 * {@code com.sun.net.httpserver} and no third-party jar.
 */
package drover.manager.admin;
