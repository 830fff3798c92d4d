/**
 * The one event loop every child process runs on ({@code EventLoop}): a selector, one timer queue
 * ({@code TimerQueue}), a cross-thread inbox with a coalesced wake-up, and a RUNNING, DRAINING,
 * STOPPING, STOPPED state ({@code LoopState}). A reactor thread, a worker and a task worker are each a
 * {@code LoopRole} and the {@code IoHandler}s they register on it, never a copy of the loop. Used by
 * the reactor, workers and task workers. It depends on {@code log} only.
 */
package drover.common.loop;
