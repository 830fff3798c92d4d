package drover.common.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Header (or trailer) fields in the order received, names as the client spelled them, looked up
 * without regard to case (RFC 9110 §5.1). Immutable. Lookups scan the list: requests carry a few
 * dozen fields at most, so a scan beats building a map per request.
 */
public final class HttpHeaders {
    private static final HttpHeaders EMPTY = new HttpHeaders(new String[0]);

    /** name0, value0, name1, value1, ... */
    private final String[] fields;

    private HttpHeaders(String[] fields) {
        this.fields = fields;
    }

    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** From alternating names and values: {@code of("Host", "a", "Accept", "*}{@code /*")}. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs but got " + namesAndValues.length + " strings");
        }
        Builder builder = new Builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    public int size() {
        return fields.length / 2;
    }

    public String name(int index) {
        return fields[2 * Objects.checkIndex(index, size())];
    }

    public String value(int index) {
        return fields[2 * Objects.checkIndex(index, size()) + 1];
    }

    /** The first value of the field, or null when absent. */
    public String get(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /** Every value of the field, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                values.add(fields[i + 1]);
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpHeaders that && Arrays.equals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            text.append(i == 0 ? "" : ", ").append(fields[i]).append(": ").append(fields[i + 1]);
        }
        return text.append('}').toString();
    }

    /** Collects fields in order. Not thread-safe. */
    public static final class Builder {
        private String[] fields;
        private int count;

        public Builder(int expectedFields) {
            fields = new String[2 * Math.max(1, expectedFields)];
        }

        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (2 * count + 2 > fields.length) {
                fields = copy(fields, 2 * fields.length);
            }
            fields[2 * count] = name;
            fields[2 * count + 1] = value;
            count++;
            return this;
        }

        public HttpHeaders build() {
            return count == 0 ? EMPTY : new HttpHeaders(copy(fields, 2 * count));
        }

        // not Arrays.copyOf: for a String[] it makes the array reflectively, a slow runtime call under
        // the workers' C1 (4.7 % of a worker's CPU under HTTP load, docs/benchmarks-history.md)
        private static String[] copy(String[] from, int length) {
            String[] to = new String[length];
            System.arraycopy(from, 0, to, 0, Math.min(from.length, length));
            return to;
        }
    }
}
