/** Manager JVM: starting child JVMs: their command lines, class paths, AOT cache, app jar copies, output and signals. */
package drover.manager.launch;
