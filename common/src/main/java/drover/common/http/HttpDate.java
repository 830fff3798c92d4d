package drover.common.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7).
 * Not DateTimeFormatter.RFC_1123_DATE_TIME: that one drops the day's leading zero.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedText;

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The text for the given time, formatted at most once a second (one instance per thread). */
    public String at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedText = format(Instant.ofEpochSecond(second));
            cachedSecond = second;
        }
        return cachedText;
    }
}
