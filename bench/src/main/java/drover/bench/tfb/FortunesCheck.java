package drover.bench.tfb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fortunes page as TFB's verifier reads it: whitespace between tags does not matter, character
 * references are read as the characters they stand for, and then it must be exactly the page of the
 * 12 rows of TFB's Fortune table plus the row added at request time, sorted by message. Markup
 * characters in a message must arrive escaped: the row with a script tag is the XSS test.
 */
final class FortunesCheck {
    /** TFB's table, with the added row, in the order of the messages. */
    static final List<String[]> EXPECTED = List.of(
            row(11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
            row(4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
            row(5, "A computer program does what you tell it to do, not what you want it to do."),
            row(2, "A computer scientist is someone who fixes things that aren't broken."),
            row(8, "A list is only as strong as its weakest link. — Donald Knuth"),
            row(0, "Additional fortune added at request time."),
            row(3, "After enough decimal places, nobody gives a damn."),
            row(7, "Any program that runs right is obsolete."),
            row(10, "Computers make very fast, very accurate mistakes."),
            row(6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
            row(9, "Feature: A bug with seniority."),
            row(1, "fortune: No such file or directory"),
            row(12, "フレームワークのベンチマーク"));

    private static final Pattern ROW = Pattern.compile("<tr><td>([^<]*)</td><td>([^<]*)</td></tr>");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);");

    private FortunesCheck() {
    }

    private static String[] row(int id, String message) {
        return new String[] {Integer.toString(id), message};
    }

    static List<String> check(String body) {
        List<String> problems = new ArrayList<>();
        String page = body.strip().replaceAll(">\\s+<", "><");
        String lower = page.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("<!doctype html>")) {
            problems.add("the page does not start with <!DOCTYPE html>");
        }
        if (!lower.contains("<title>fortunes</title>")) {
            problems.add("no <title>Fortunes</title>");
        }
        if (!page.contains("<tr><th>id</th><th>message</th></tr>")) {
            problems.add("no header row <tr><th>id</th><th>message</th></tr>");
        }
        if (lower.contains("<script")) {
            problems.add("a raw <script> tag: the messages are not HTML-escaped");
        }
        List<String[]> rows = new ArrayList<>();
        Matcher matcher = ROW.matcher(page);
        while (matcher.find()) {
            String raw = matcher.group(2);
            if (raw.contains(">") || raw.contains("\"")) {
                problems.add("row " + matcher.group(1) + ": '>' or '\"' not escaped in " + raw);
            }
            try {
                rows.add(new String[] {matcher.group(1).strip(), unescape(raw)});
            } catch (IllegalArgumentException e) {
                problems.add("row " + matcher.group(1) + ": " + e.getMessage());
            }
        }
        if (rows.size() != EXPECTED.size()) {
            problems.add(rows.size() + " rows <tr><td>id</td><td>message</td></tr>, want " + EXPECTED.size()
                    + " (12 from the table and the one added at request time)");
        }
        for (int i = 0; i < Math.min(rows.size(), EXPECTED.size()); i++) {
            String[] got = rows.get(i);
            String[] want = EXPECTED.get(i);
            if (!got[0].equals(want[0]) || !got[1].equals(want[1])) {
                problems.add("row " + (i + 1) + " is (" + got[0] + ", \"" + got[1] + "\"), want (" + want[0] + ", \"" + want[1]
                        + "\"): rows sorted by message, the added one among them");
                break;
            }
        }
        return problems;
    }

    /** Reads character references; a bare '&' that starts none is refused. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (at < text.length()) {
            int amp = text.indexOf('&', at);
            if (amp < 0) {
                out.append(text, at, text.length());
                break;
            }
            out.append(text, at, amp);
            Matcher reference = REFERENCE.matcher(text).region(amp, text.length());
            if (!reference.lookingAt()) {
                throw new IllegalArgumentException("an unescaped '&' in " + text);
            }
            out.appendCodePoint(codePoint(reference.group(1)));
            at = reference.end();
        }
        return out.toString();
    }

    private static int codePoint(String name) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return Integer.parseInt(name.substring(2), 16);
        }
        if (name.startsWith("#")) {
            return Integer.parseInt(name.substring(1));
        }
        return switch (name) {
            case "amp" -> '&';
            case "lt" -> '<';
            case "gt" -> '>';
            case "quot" -> '"';
            case "apos" -> '\'';
            default -> throw new IllegalArgumentException("an unknown entity &" + name + ";");
        };
    }
}
