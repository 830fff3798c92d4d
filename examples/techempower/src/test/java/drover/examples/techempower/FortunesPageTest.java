package drover.examples.techempower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FortunesPageTest {
    @Test
    void theAddedRowJoinsTheReadOnesSortedByMessageAndEveryMessageIsEscaped() {
        String page = FortunesPage.render(List.of(
                new Fortune(2, "b <script>alert(\"x\");</script> & 'q'"),
                new Fortune(1, "フレームワーク"),
                new Fortune(3, "After")));
        assertEquals("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>"
                + "<tr><td>0</td><td>Additional fortune added at request time.</td></tr>"
                + "<tr><td>3</td><td>After</td></tr>"
                + "<tr><td>2</td><td>b &lt;script&gt;alert(&quot;x&quot;);&lt;/script&gt; &amp; &#39;q&#39;</td></tr>"
                + "<tr><td>1</td><td>フレームワーク</td></tr>"
                + "</table></body></html>", page);
    }
}
