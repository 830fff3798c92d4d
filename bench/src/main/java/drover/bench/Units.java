package drover.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses the sizes and durations EchoLoad takes on its command line. */
final class Units {
    /** Each request carries its 8-byte sequence number at the start of its body. */
    static final int MIN_SIZE = 8;
    static final int MAX_SIZE = 1 << 30;

    private Units() {
    }

    /** Plain decimals only: Double.parseDouble alone would take "NaN", "1e9" or "2d". */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,12}(\\.[0-9]{1,9})?");
    static final Duration MAX_DURATION = Duration.ofDays(1);

    /** "10s", "500ms", "2m", or a bare number of seconds; at most a day either way. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double millisPerUnit = 1000;
        String number = t;
        if (t.endsWith("ms")) {
            millisPerUnit = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            millisPerUnit = 60_000;
            number = t.substring(0, t.length() - 1);
        }
        if (!DECIMAL.matcher(number).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 10s, 500ms, 2m");
        }
        double millis = Double.parseDouble(number) * millisPerUnit;
        if (Math.abs(millis) > MAX_DURATION.toMillis()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration of at most a day: use e.g. 10s, 500ms, 2m");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** A body size in bytes: "64", "4K", "1M" (K and M are 1024 and 1024 * 1024). */
    static int size(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE; // refused below as out of range
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size: use e.g. 64, 4K, 1M");
        }
        if (bytes < MIN_SIZE || bytes > MAX_SIZE) {
            throw new IllegalArgumentException("size " + text + " is outside " + MIN_SIZE + " B..1024M"
                    + " (each body starts with an 8-byte sequence number)");
        }
        return (int) bytes;
    }

    /** A comma-separated list of sizes and ranges; "64K..1M" doubles from 64K up to 1M. */
    static List<Integer> sizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            int range = part.indexOf("..");
            if (range < 0) {
                sizes.add(size(part));
                continue;
            }
            int from = size(part.substring(0, range));
            int to = size(part.substring(range + 2));
            if (from > to) {
                throw new IllegalArgumentException("size range " + part + " goes down: write the smaller size first");
            }
            for (long s = from; s <= to; s *= 2) {
                sizes.add((int) s);
            }
        }
        return sizes;
    }

    /** "64 B", "4 KiB", "1 MiB" for reports. */
    static String describeSize(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }
}
