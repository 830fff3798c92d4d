/**
 * Manager JVM: the supervisor loop that owns every piece of state (children, slots, respawns, hang
 * watch, stop), its events, the status report, and the foreground manager process that runs it.
 */
package drover.manager.supervise;
