package drover.worker.table;

import drover.common.table.ShmAtomics;
import drover.worker.api.Atomic;

/** One of the server's shared counters, as the app sees it. */
final class AtomicView implements Atomic {
    private final String name;
    private final ShmAtomics atomics;
    private final long offset;

    AtomicView(String name, ShmAtomics atomics) {
        this.name = name;
        this.atomics = atomics;
        this.offset = atomics.offset(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long get() {
        return atomics.get(offset);
    }

    @Override
    public void set(long value) {
        atomics.set(offset, value);
    }

    @Override
    public long add(long delta) {
        return atomics.add(offset, delta);
    }

    @Override
    public boolean compareAndSet(long expected, long newValue) {
        return atomics.compareAndSet(offset, expected, newValue);
    }
}
