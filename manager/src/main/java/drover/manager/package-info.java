/** Manager JVM: the drover command's entry point; the work is done in the sub-packages (cli, supervise, reload, control, launch, child, rundir). */
package drover.manager;
