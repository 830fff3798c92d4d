package drover.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogLineJsonTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00.123Z");

    @Test
    void aChildsRecordNamesRoleSlotAndPidAndEscapesItsStackIntoOneLine() {
        String line = LogLineJson.format(T, "ERROR", "worker#2", 42, "said \"no\"\tthere",
                "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n").toString();
        assertEquals("{\"time\":\"2026-11-23T10:00:00.123Z\",\"level\":\"ERROR\",\"role\":\"worker\",\"slot\":2,\"pid\":42,"
                + "\"message\":\"said \\\"no\\\"\\tthere\",\"stack\":\"java.lang.IllegalStateException: boom\\n\\tat a.B.c(B.java:1)\"}",
                line);
    }

    @Test
    void theManagerHasNoSlotAndControlCharactersAreEscaped() {
        assertEquals("{\"time\":\"2026-11-23T10:00:00.123Z\",\"level\":\"INFO\",\"role\":\"manager\",\"pid\":7,"
                        + "\"message\":\"a\\u001eb\\\\c\"}",
                LogLineJson.format(T, "INFO", "manager", 7, "a\u001Eb\\c", null).toString());
    }
}
