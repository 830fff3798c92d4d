package drover.it;

import java.time.Duration;

/** Test deadlines, scaled by -Ddrover.test.timeoutFactor for slow machines (the JDK's adjustTimeout). */
final class Deadline {
    private static final double FACTOR = Double.parseDouble(System.getProperty("drover.test.timeoutFactor", "1"));

    private Deadline() {
    }

    static Duration scaled(Duration base) {
        return Duration.ofMillis((long) (base.toMillis() * FACTOR));
    }

    static long nanosFromNow(Duration base) {
        return System.nanoTime() + scaled(base).toNanos();
    }
}
