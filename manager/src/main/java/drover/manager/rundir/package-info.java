/** Manager JVM: the run directory's files: its lock and who holds it, the pid file, room on disk and in shm. */
package drover.manager.rundir;
