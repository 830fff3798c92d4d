/**
 * server_mode=base (Swoole's SWOOLE_BASE): the worker JVM that owns its client connections. The one
 * module that joins the reactor's connections and protocol stack ({@code drover.reactor.BaseConnections})
 * to the worker's app dispatch ({@code drover.worker.BaseWorker}), which may not import each other;
 * its jar is on a worker's class path only in base mode. Runs in the base-mode workers.
 */
package drover.base;
