package drover.manager.child;

import drover.manager.control.ControlConnection;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One child process and what the supervisor knows of it. Touched only by the supervisor loop. */
public final class Child {
    private static final long MAX_RECYCLE_BACKOFF_SECONDS = 300;

    private final Slot slot;
    private final int generation;
    private final Process process;
    private final Instant startedAt;
    private final long startedNanos;
    private ChildState state = ChildState.STARTING;
    private ControlConnection control;
    /** Its control link was read to the end (ChildUnlinked). */
    private boolean unlinked;
    /** An exit seen while its control link was still being read, and when; -1: none. */
    private int heldExitCode = -1;
    private long exitHeldAtNanos;
    private long killAtNanos = Long.MAX_VALUE;
    private boolean killed;
    private String readyDetail = "";
    private String bootError;
    private long lastBeatNanos;
    private long requests;
    private boolean hung;
    private boolean recycleWanted;
    private int recycleFailures;
    private long recycleRetryAtNanos;
    private Map<String, Long> counters;
    /** The app jar copy it runs (AppJars); null for a reactor. */
    private java.nio.file.Path appJar;

    /** A child started now by the clock: the hang clock of one never ready counts from its start. */
    public Child(Slot slot, int generation, Process process, ManagerClock clock) {
        this(slot, generation, process, clock.now(), clock.nanoTime());
    }

    public Child(Slot slot, int generation, Process process, Instant startedAt) {
        this(slot, generation, process, startedAt, System.nanoTime());
    }

    private Child(Slot slot, int generation, Process process, Instant startedAt, long startedNanos) {
        this.slot = slot;
        this.generation = generation;
        this.process = process;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
        this.lastBeatNanos = startedNanos;
    }

    public Slot slot() {
        return slot;
    }

    public java.nio.file.Path appJar() {
        return appJar;
    }

    public void appJar(java.nio.file.Path jar) {
        appJar = jar;
    }

    public int generation() {
        return generation;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public ChildState state() {
        return state;
    }

    String readyDetail() {
        return readyDetail;
    }

    public void markReady(String detail, long nowNanos) {
        readyDetail = detail;
        lastBeatNanos = nowNanos; // the hang clock starts once it serves
        moveTo(ChildState.READY);
    }

    public void moveTo(ChildState next) {
        if (state == next) {
            return;
        }
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(describe() + ": " + state + " -> " + next);
        }
        state = next;
    }

    /** Why the child said it could not boot, or null. */
    public String bootError() {
        return bootError;
    }

    public void bootFailed(String message) {
        bootError = message;
    }

    public ControlConnection control() {
        return control;
    }

    public void attach(ControlConnection connection) {
        this.control = connection;
    }

    /**
     * Frames it sent may still be on the way: linked, and its control link not yet read to its end;
     * or still starting and not linked yet, as the link's reader may not have got to its HELLO.
     */
    public boolean linkBeingRead() {
        return control != null ? !unlinked : state == ChildState.STARTING;
    }

    public void markUnlinked() {
        unlinked = true;
    }

    public void holdExit(int exitCode, long nowNanos) {
        heldExitCode = exitCode;
        exitHeldAtNanos = nowNanos;
    }

    public boolean exitHeld() {
        return heldExitCode != -1;
    }

    public int heldExitCode() {
        return heldExitCode;
    }

    public long exitHeldAtNanos() {
        return exitHeldAtNanos;
    }

    /** After this instant (System.nanoTime) a child still alive is killed; an earlier deadline stands. */
    public void killAt(long nanos) {
        if (!killed) {
            killAtNanos = Math.min(killAtNanos, nanos);
        }
    }

    /**
     * SIGKILL was sent: no deadline is left to enforce (its exit event follows). Without this the
     * passed deadline would make the supervisor kill and log again on every turn of its loop.
     */
    public void markKilled() {
        killed = true;
        killAtNanos = Long.MAX_VALUE;
    }

    /** This manager sent it SIGKILL (hung, not ready in time, past its stop deadline, a failed swap's new worker). */
    public boolean killed() {
        return killed;
    }

    public long killAtNanos() {
        return killAtNanos;
    }

    /** A heartbeat: the child's loop is turning; requests < 0 means the count did not come. */
    public void beat(long nanos, long requestCount) {
        lastBeatNanos = nanos;
        if (requestCount >= 0) {
            requests = requestCount;
        }
    }

    public long lastBeatNanos() {
        return lastBeatNanos;
    }

    public long requests() {
        return requests;
    }

    /** The last counters it reported, by name in its order, or null. */
    public Map<String, Long> counters() {
        return counters;
    }

    public void counters(Map<String, Long> values) {
        counters = values;
    }

    /** It reached max_request and waits to be swapped for a fresh worker. */
    public boolean recycleWanted() {
        return recycleWanted;
    }

    public void wantRecycle() {
        recycleWanted = true;
    }

    /**
     * Its recycle failed (the fresh worker did not get ready): it serves on, and the recycle is
     * tried again after a back-off, 10 s doubling up to 5 min, since it sends RECYCLE only once.
     * Returns the back-off in seconds.
     */
    public long recycleFailed(long nowNanos) {
        recycleFailures++;
        long backoffSeconds = Math.min(MAX_RECYCLE_BACKOFF_SECONDS, 10L << Math.min(recycleFailures - 1, 10));
        recycleRetryAtNanos = nowNanos + TimeUnit.SECONDS.toNanos(backoffSeconds);
        return backoffSeconds;
    }

    /** When a recycle that failed may be tried again (System.nanoTime). */
    long recycleRetryAtNanos() {
        return recycleRetryAtNanos;
    }

    /** A recycle may start now: it never failed, or its back-off is over. */
    public boolean recycleMayStart(long nowNanos) {
        return recycleFailures == 0 || recycleRetryAtNanos - nowNanos <= 0;
    }

    /** Found hung: its stacks were asked for and it is on its way out. */
    public boolean hung() {
        return hung;
    }

    public void markHung() {
        hung = true;
    }

    public String describe() {
        return slot + " pid=" + pid();
    }
}
