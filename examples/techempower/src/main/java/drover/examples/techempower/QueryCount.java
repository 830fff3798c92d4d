package drover.examples.techempower;

/** The queries and updates tests' {@code queries} parameter, as TFB reads it. */
final class QueryCount {
    static final int MIN = 1;
    static final int MAX = 500;

    private QueryCount() {
    }

    /** Missing, empty or not a whole number: 1; below 1: 1; above 500: 500. */
    static int parse(String value) {
        if (value == null || value.isEmpty()) {
            return MIN;
        }
        try {
            return Math.clamp(Long.parseLong(value.strip()), MIN, MAX);
        } catch (NumberFormatException notANumber) {
            return MIN;
        }
    }
}
