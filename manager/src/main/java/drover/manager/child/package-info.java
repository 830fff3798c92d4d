/** Manager JVM: one child process as the manager sees it (Child, its state machine) and the slot it fills. */
package drover.manager.child;
