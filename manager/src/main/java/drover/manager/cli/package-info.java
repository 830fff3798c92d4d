/** Manager JVM: the drover command line (start, status, reload, stop) and the --daemon launcher. */
package drover.manager.cli;
