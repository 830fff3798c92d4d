package drover.common.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The setting {@code atomics}: names of shared counters, separated by commas, each 1..32 of a-z, 0-9, _. */
final class AtomicNames {
    static final int MAX = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private AtomicNames() {
    }

    /** @throws IllegalArgumentException naming the bad or repeated name */
    static List<String> parse(String text) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("atomic name '" + name + "' is not 1..32 of a-z, 0-9, _ starting with a letter");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("atomic " + name + " is declared twice");
            }
            names.add(name);
        }
        if (names.size() > MAX) {
            throw new IllegalArgumentException(names.size() + " atomics, expected at most " + MAX);
        }
        return List.copyOf(names);
    }
}
