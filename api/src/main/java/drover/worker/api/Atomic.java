package drover.worker.api;

/**
 * A long counter in shared memory that every worker and task worker sees, declared in the setting
 * {@code atomics} and got with {@link Server#atomic}. Each method is one atomic instruction on the
 * shared memory: atomic across processes, never lost by a worker's crash, reads wait-free. It starts
 * at 0 when the server starts and keeps its value through respawns and reloads.
 */
public interface Atomic {
    /**
     * The counter's declared name.
     *
     * @return the name in the setting {@code atomics}
     */
    String name();

    /**
     * The value now.
     *
     * @return the counter's value
     */
    long get();

    /**
     * Sets the value.
     *
     * @param value the new value
     */
    void set(long value);

    /**
     * Adds delta.
     *
     * @param delta what to add (negative to subtract)
     * @return the value after the addition
     */
    long add(long delta);

    /**
     * Subtracts delta, as {@code add(-delta)}.
     *
     * @param delta what to subtract
     * @return the value after the subtraction
     */
    default long sub(long delta) {
        return add(-delta);
    }

    /**
     * Sets the value to newValue only if it is expected now.
     *
     * @param expected the value the counter must hold
     * @param newValue its value afterwards
     * @return true when it held expected and now holds newValue
     */
    boolean compareAndSet(long expected, long newValue);
}
