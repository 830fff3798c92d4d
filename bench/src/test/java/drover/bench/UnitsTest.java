package drover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
    @Test
    void durationsTakeMillisecondsSecondsMinutesOrBareSeconds() {
        assertEquals(Duration.ofMillis(500), Units.duration("500ms"));
        assertEquals(Duration.ofSeconds(10), Units.duration("10s"));
        assertEquals(Duration.ofMillis(1500), Units.duration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Units.duration("2m"));
        assertEquals(Duration.ofSeconds(3), Units.duration("3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "10x", "s", "1h"})
    void aMalformedDurationIsRefusedWithAnExample(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration(text));
        assertTrue(e.getMessage().contains("is not a duration: use e.g. 10s"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2d", "NaN", "Infinity", "1e3", "1441m", "90000"})
    void aDurationOverADayOrNotFiniteIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration(text));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
    }

    @Test
    void sizesTakeBytesKibibytesOrMebibytes() {
        assertEquals(64, Units.size("64"));
        assertEquals(4096, Units.size("4K"));
        assertEquals(4096, Units.size("4k"));
        assertEquals(1 << 20, Units.size("1M"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "-64", "2048M", "9999999999999M"})
    void aSizeOutsideTheRangeIsRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.size(text));
        assertTrue(e.getMessage().contains("is outside 8 B..1024M"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4G", "big", "K"})
    void aMalformedSizeIsRefusedWithAnExample(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.size(text));
        assertTrue(e.getMessage().contains("is not a size: use e.g. 64, 4K, 1M"), e.getMessage());
    }

    @Test
    void aSizeListMixesSingleSizesAndDoublingRanges() {
        assertEquals(List.of(64, 4096, 65536, 131072, 262144), Units.sizes("64,4K,64K..256K"));
        assertEquals(List.of(1 << 20), Units.sizes("1M..1M"));
    }

    @Test
    void aRangeThatGoesDownIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.sizes("1M..64K"));
        assertEquals("size range 1M..64K goes down: write the smaller size first", e.getMessage());
    }

    @Test
    void sizesAreDescribedInTheirLargestWholeUnit() {
        assertEquals("64 B", Units.describeSize(64));
        assertEquals("4 KiB", Units.describeSize(4096));
        assertEquals("64 MiB", Units.describeSize(64 << 20));
        assertEquals("1100 B", Units.describeSize(1100));
    }
}
