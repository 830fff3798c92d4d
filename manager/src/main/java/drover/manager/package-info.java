/** The manager JVM: the CLI, supervision of every child process, reload, and the control socket. */
package drover.manager;
