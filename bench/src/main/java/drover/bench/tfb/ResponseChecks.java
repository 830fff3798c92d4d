package drover.bench.tfb;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What TFB's verifier asks of every response, and of the World rows its database tests answer with. */
final class ResponseChecks {
    static final int WORLD_ROWS = 10_000;

    private ResponseChecks() {
    }

    /**
     * Status 200, a Server and a valid Date header, the body framed by Content-Length or chunked
     * coding (the client refuses anything else), and the Content-Type: exactly {@code type}, or it
     * with {@code ; charset=utf-8} (TFB accepts both, any case).
     */
    static List<String> head(HttpResponse response, String type) {
        List<String> problems = new ArrayList<>();
        if (response.status() != 200) {
            problems.add("status " + response.status() + ", not 200");
        }
        if (response.header("Server") == null || response.header("Server").isBlank()) {
            problems.add("no Server header");
        }
        String date = response.header("Date");
        if (date == null) {
            problems.add("no Date header");
        } else {
            try {
                ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            } catch (DateTimeParseException e) {
                problems.add("Date '" + date + "' is not an RFC 1123 date");
            }
        }
        String contentType = response.header("Content-Type");
        if (contentType == null) {
            problems.add("no Content-Type header (want " + type + ")");
        } else {
            String normal = contentType.toLowerCase(Locale.ROOT).replaceAll("\\s*;\\s*", "; ").strip();
            if (!normal.equals(type) && !normal.equals(type + "; charset=utf-8")) {
                problems.add("Content-Type '" + contentType + "', want '" + type + "' (or with '; charset=utf-8')");
            }
        }
        if (response.header("Content-Length") == null && response.header("Transfer-Encoding") == null) {
            problems.add("neither Content-Length nor Transfer-Encoding");
        }
        return problems;
    }

    /** A World row: an object of exactly "id" and "randomNumber", both whole numbers in 1..10000. */
    static List<String> world(Object value, String where) {
        if (!(value instanceof Map<?, ?> row)) {
            return List.of(where + " is " + describe(value) + ", not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        if (!row.keySet().equals(java.util.Set.of("id", "randomNumber"))) {
            problems.add(where + " has the keys " + row.keySet() + ", not exactly [id, randomNumber]");
        }
        for (String key : List.of("id", "randomNumber")) {
            Object number = row.get(key);
            if (!(number instanceof Long n) || n < 1 || n > WORLD_ROWS) {
                problems.add(where + "." + key + " is " + describe(number) + ", not a whole number in 1.." + WORLD_ROWS);
            }
        }
        return problems;
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array of " + l.size();
            case String s -> "the string \"" + s + "\"";
            default -> value.toString();
        };
    }

    /** The start of a body, for a message. */
    static String excerpt(String body) {
        String oneLine = body.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 200 ? "'" + oneLine + "'"
                : "'" + oneLine.substring(0, 200) + "...' (" + body.length() + " chars)";
    }
}
