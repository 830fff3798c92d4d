package drover.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedObjectsArraysAndEscapedStrings() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("b", 2L);
        counters.put("a", 1L);
        String json = new Json().begin()
                .object("manager").field("pid", 7).field("state", "running").end()
                .field("listen", "a\"b\\c\n")
                .beginArray("workers").begin().field("id", 0).field("pid", (String) null).field("ok", true).end().endArray()
                .object("counters", counters)
                .end().toString();
        assertEquals("{\"manager\":{\"pid\":7,\"state\":\"running\"},\"listen\":\"a\\\"b\\\\c\\n\","
                + "\"workers\":[{\"id\":0,\"pid\":null,\"ok\":true}],\"counters\":{\"b\":2,\"a\":1}}", json);
    }

    @Test
    void readsAFlatObjectOfNumbersInOrder() {
        assertEquals("{x=1, a=-2}", Json.readNumbers(" { \"x\" : 1 , \"a\":-2 } ").toString());
        assertEquals(Map.of(), Json.readNumbers("{}"));
    }

    @Test
    void refusesAnythingElseSayingWhy() {
        assertEquals("not a JSON object: 'null'",
                assertThrows(IllegalArgumentException.class, () -> Json.readNumbers("null")).getMessage());
        assertEquals("bad member 'x:1': want \"name\":number",
                assertThrows(IllegalArgumentException.class, () -> Json.readNumbers("{x:1}")).getMessage());
        assertEquals("bad member '\"x\":{}': its value is not an integer",
                assertThrows(IllegalArgumentException.class, () -> Json.readNumbers("{\"x\":{}}")).getMessage());
    }
}
