package drover.common.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A hash map from a primitive long (a session or task id) to a value, for the per-packet lookups of
 * the reactor and worker loops: a {@code HashMap<Long, V>} boxes the id of every lookup, and at
 * 100k packets a second that is 100k objects. Open addressing with linear probing; a removal shifts
 * the entries after it back, so there are no tombstones. Not thread-safe. Null values are refused
 * (null means an empty slot).
 */
public final class SessionMap<V> {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    public SessionMap() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean containsKey(long key) {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
        }
    }

    /** Maps key to value; returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        Objects.requireNonNull(value, "value");
        int i = home(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size > values.length / 2) { // at most half full keeps probe runs short
            allocate(values.length * 2);
        }
        return null;
    }

    /** Removes key's entry; returns its value, or null when there was none. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        for (int i = home(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = null;
                size--;
                closeGap(i);
                return old;
            }
        }
        return null;
    }

    public void clear() {
        if (size > 0) {
            Arrays.fill(values, null);
            size = 0;
        }
    }

    /** The values now, in no particular order: a copy, so the caller may change the map while it walks them. */
    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> copy = new ArrayList<>(size);
        for (Object value : values) {
            if (value != null) {
                copy.add((V) value);
            }
        }
        return copy;
    }

    /** The keys now, in no particular order. */
    public long[] keys() {
        long[] copy = new long[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                copy[n++] = keys[i];
            }
        }
        return copy;
    }

    /**
     * Linear probing without tombstones: after a removal, each entry of the run that follows moves back
     * into the gap unless its home slot lies after the gap (cyclically), where a lookup would no longer
     * reach it.
     */
    private void closeGap(int gap) {
        for (int i = (gap + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int fromHome = (i - home(keys[i])) & mask;
            int fromGap = (i - gap) & mask;
            if (fromHome >= fromGap) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                values[i] = null;
                gap = i;
            }
        }
    }

    /** Session ids count up in their low bits; the multiply spreads them over the whole table. */
    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = 0;
        if (oldValues != null) {
            for (int i = 0; i < oldValues.length; i++) {
                if (oldValues[i] != null) {
                    reinsert(oldKeys[i], oldValues[i]);
                }
            }
        }
    }

    private void reinsert(long key, Object value) {
        int i = home(key);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }
}
