package drover.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {
    @Test
    void aBuilderGrowsPastItsExpectedCountAndKeepsTheOrder() {
        HttpHeaders.Builder builder = new HttpHeaders.Builder(1);
        for (int i = 0; i < 9; i++) {
            builder.add("X-" + i, "v" + i);
        }
        builder.add("x-3", "again");
        HttpHeaders headers = builder.build();
        assertEquals(10, headers.size());
        for (int i = 0; i < 9; i++) {
            assertEquals("X-" + i, headers.name(i));
            assertEquals("v" + i, headers.value(i));
        }
        assertEquals("v3", headers.get("x-3"), "the first value, looked up without regard to case");
        assertEquals(List.of("v3", "again"), headers.all("X-3"));
        assertNull(headers.get("X-9"));
    }

    @Test
    void aBuiltSetIsNotChangedByLaterAdds() {
        HttpHeaders.Builder builder = new HttpHeaders.Builder(4);
        builder.add("A", "1");
        HttpHeaders first = builder.build();
        builder.add("B", "2");
        assertEquals(1, first.size());
        assertEquals(HttpHeaders.of("A", "1", "B", "2"), builder.build());
    }

    @Test
    void emptyAndOddInputs() {
        assertSame(HttpHeaders.empty(), new HttpHeaders.Builder(3).build());
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("A"));
        assertThrows(IndexOutOfBoundsException.class, () -> HttpHeaders.of("A", "1").name(1));
    }
}
