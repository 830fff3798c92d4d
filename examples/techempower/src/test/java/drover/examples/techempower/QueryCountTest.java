package drover.examples.techempower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryCountTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 1", "'', 1", "foo, 1", "0, 1", "-3, 1", "1, 1", "20, 20", "500, 500", "501, 500",
            "99999999999999999999, 1", "12345678901, 500", "' 7 ', 7"})
    void clampsToOneThroughFiveHundred(String value, int expected) {
        assertEquals(expected, QueryCount.parse(value));
    }
}
