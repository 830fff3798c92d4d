package drover.examples.techempower;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fortunes test's page: the rows read, plus one added at request time, sorted by message and
 * written into TFB's HTML table with every message escaped (one of them is a script tag).
 */
final class FortunesPage {
    static final Fortune ADDED = new Fortune(0, "Additional fortune added at request time.");

    private static final String HEAD = "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
            + "<tr><th>id</th><th>message</th></tr>";
    private static final String TAIL = "</table></body></html>";

    private FortunesPage() {
    }

    static String render(List<Fortune> read) {
        List<Fortune> fortunes = new ArrayList<>(read.size() + 1);
        fortunes.addAll(read);
        fortunes.add(ADDED);
        // String order is UTF-16 code unit order, which for these messages is the code point order TFB expects.
        fortunes.sort(Comparator.comparing(Fortune::message));
        StringBuilder html = new StringBuilder(HEAD.length() + TAIL.length() + 64 * fortunes.size()).append(HEAD);
        for (Fortune fortune : fortunes) {
            html.append("<tr><td>").append(fortune.id()).append("</td><td>");
            escape(fortune.message(), html);
            html.append("</td></tr>");
        }
        return html.append(TAIL).toString();
    }

    /** HTML text escaping: the five characters that could end the text or start markup. */
    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
