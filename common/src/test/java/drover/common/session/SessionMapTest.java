package drover.common.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionMapTest {

    @Test
    void putGetAndRemoveAnswerAsAHashMapDoesUnderRandomOperations() {
        Random random = new Random(8);
        SessionMap<String> map = new SessionMap<>();
        Map<Long, String> reference = new HashMap<>();
        // few distinct keys, so puts replace, removes hit, and probe runs form and are cut by removals
        long[] keys = new long[300];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 3 == 0 ? random.nextLong() : (long) i << 20 | i; // ids alike in their low bits, and random ones
        }
        for (int op = 0; op < 200_000; op++) {
            long key = keys[random.nextInt(keys.length)];
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(reference.put(key, "v" + op), map.put(key, "v" + op), "put " + key);
                case 1 -> assertEquals(reference.remove(key), map.remove(key), "remove " + key);
                default -> assertEquals(reference.get(key), map.get(key), "get " + key);
            }
            assertEquals(reference.size(), map.size());
        }
        for (long key : keys) {
            assertEquals(reference.get(key), map.get(key), "get " + key);
        }
        assertEquals(Set.copyOf(reference.values()), Set.copyOf(map.values()));
        assertEquals(reference.keySet(), boxed(map.keys()));
    }

    @Test
    void growsPastItsFirstTableAndKeepsEveryEntry() {
        SessionMap<Long> map = new SessionMap<>();
        for (long id = 1; id <= 100_000; id++) {
            map.put(id << 16, id);
        }
        for (long id = 1; id <= 100_000; id += 2) {
            assertEquals(id, map.remove(id << 16));
        }

        assertEquals(50_000, map.size());
        for (long id = 1; id <= 100_000; id++) {
            assertEquals(id % 2 == 0 ? Long.valueOf(id) : null, map.get(id << 16), "id " + id);
        }
    }

    @Test
    void zeroAndNegativeKeysAreOrdinaryKeys() {
        SessionMap<String> map = new SessionMap<>();
        map.put(0, "zero");
        map.put(-1, "minus one");
        map.put(Long.MIN_VALUE, "min");

        assertEquals("zero", map.get(0));
        assertEquals("minus one", map.get(-1));
        assertEquals("min", map.remove(Long.MIN_VALUE));
        assertNull(map.get(Long.MIN_VALUE));
        assertTrue(map.containsKey(0));
        assertFalse(map.containsKey(1));
    }

    @Test
    void valuesIsACopyTheCallerMayChangeTheMapUnder() {
        SessionMap<String> map = new SessionMap<>();
        for (long id = 0; id < 20; id++) {
            map.put(id, "s" + id);
        }
        for (String value : map.values()) {
            map.remove(Long.parseLong(value.substring(1)));
        }
        assertTrue(map.isEmpty());
        assertEquals(0, map.values().size());
        map.put(5, "again");
        map.clear();
        assertNull(map.get(5));
    }

    @Test
    void aNullValueIsRefused() {
        assertThrows(NullPointerException.class, () -> new SessionMap<String>().put(1, null));
    }

    @Test
    void lookingUpAllocatesNothing() {
        SessionMap<String> map = new SessionMap<>();
        for (long id = 0; id < 1_000; id++) {
            map.put(id * 0x1_0000_0001L, "s");
        }
        int found = lookUpEveryKey(map, 100); // warm-up

        long before = allocatedBytes();
        found += lookUpEveryKey(map, 100);
        long allocated = allocatedBytes() - before;

        assertEquals(200_000, found);
        // a HashMap<Long, V> boxes each of these 100,000 ids: 1.6 MB
        assertTrue(allocated < 16 * 1024, allocated + " bytes allocated in 100,000 lookups");
    }

    private static int lookUpEveryKey(SessionMap<String> map, int rounds) {
        int found = 0;
        for (int round = 0; round < rounds; round++) {
            for (long id = 0; id < 1_000; id++) {
                if (map.get(id * 0x1_0000_0001L) != null) {
                    found++;
                }
            }
        }
        return found;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Set<Long> boxed(long[] keys) {
        Set<Long> set = new HashSet<>();
        Arrays.stream(keys).forEach(set::add);
        return set;
    }
}
