package drover.manager.admin;

import java.util.List;

/**
 * Writes metric families in the Prometheus text format 0.0.4, or in OpenMetrics 1.0 (a counter's
 * family named without {@code _total}, its sample with it, and a closing {@code # EOF}). Written by hand:
 * a scrape is one pass over a snapshot, which needs no registry, and the manager stays free of jars.
 */
final class ExpositionWriter {
    static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final boolean openMetrics;

    ExpositionWriter(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Opens a family: its HELP and TYPE lines. {@code name} is a counter's sample name, with {@code _total}. */
    ExpositionWriter family(String name, String type, String help) {
        String familyName = openMetrics && type.equals("counter") && name.endsWith("_total")
                ? name.substring(0, name.length() - "_total".length()) : name;
        out.append("# HELP ").append(familyName).append(' ');
        escape(help, false);
        out.append('\n').append("# TYPE ").append(familyName).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample line; {@code labels} alternate name and value. */
    ExpositionWriter sample(String name, List<String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels.get(i)).append("=\"");
                escape(labels.get(i + 1), true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    String finish() {
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private void escape(String text, boolean quoted) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quoted || openMetrics ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
