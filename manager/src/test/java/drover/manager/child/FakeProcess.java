package drover.manager.child;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A child process that is not one: it exits when the test says so or when it is destroyed. Its
 * pid lies beyond Linux's pid_max, so a signal the supervisor sends it reaches no real process.
 */
public final class FakeProcess extends Process {
    /** Above /proc/sys/kernel/pid_max's ceiling (2^22). */
    private static final AtomicLong NEXT_PID = new AtomicLong(10_000_000);
    private static final int SIGTERM_EXIT = 143;
    private static final int SIGKILL_EXIT = 137;

    private final long pid = NEXT_PID.getAndIncrement();
    private final CompletableFuture<Process> exit = new CompletableFuture<>();
    private final Consumer<FakeProcess> onDestroy;
    private final boolean ignoresTerm;
    private final AtomicInteger forcibleKills = new AtomicInteger();
    private volatile int exitCode = -1;

    public FakeProcess(Consumer<FakeProcess> onDestroy) {
        this(onDestroy, false);
    }

    /** @param ignoresTerm destroy() (SIGTERM) does nothing: only destroyForcibly() ends it */
    public FakeProcess(Consumer<FakeProcess> onDestroy, boolean ignoresTerm) {
        this.onDestroy = onDestroy;
        this.ignoresTerm = ignoresTerm;
    }

    /** How many times destroyForcibly() was called, alive or not. */
    public int forcibleKills() {
        return forcibleKills.get();
    }

    /** The process ends by itself with that exit code. */
    public void exit(int code) {
        exitCode = code;
        exit.complete(this);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void destroy() {
        if (isAlive() && !ignoresTerm) {
            onDestroy.accept(this);
            exit(SIGTERM_EXIT);
        }
    }

    @Override
    public Process destroyForcibly() {
        forcibleKills.incrementAndGet();
        if (isAlive()) {
            onDestroy.accept(this);
            exit(SIGKILL_EXIT);
        }
        return this;
    }

    @Override
    public int exitValue() {
        if (isAlive()) {
            throw new IllegalThreadStateException("pid " + pid + " has not exited");
        }
        return exitCode;
    }

    @Override
    public int waitFor() {
        exit.join();
        return exitCode;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public InputStream getErrorStream() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
