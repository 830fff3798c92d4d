package drover.bench.tfb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FortunesCheckTest {
    @Test
    void anyFormOfACharacterReferenceReadsTheSame() {
        assertEquals("<'\"&'\"", FortunesCheck.unescape("&lt;&#39;&#34;&amp;&apos;&#x22;"));
        assertEquals("フ", FortunesCheck.unescape("&#12501;"));
    }

    @Test
    void aBareAmpersandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FortunesCheck.unescape("fish & chips"));
    }

    @Test
    void whitespaceBetweenTagsDoesNotMatterButARawQuoteDoes() {
        assertEquals(List.of(), FortunesCheck.check(FakeTfbServer.FORTUNES_PAGE.replace("<td>", "\n  <td>")));
        assertEquals(List.of("row 11: '>' or '\"' not escaped in &lt;script&gt;alert(\"This should not be displayed in a browser"
                + " alert box.\");&lt;/script&gt;"), FortunesCheck.check(FakeTfbServer.FORTUNES_PAGE.replace("&quot;", "\"")));
    }
}
