package drover.common.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The distribution's conf/drover.properties: every setting, commented out, with what it does, what
 * it accepts and its default, written from the {@link Setting} table at build time so that it cannot
 * fall behind it. Uncommenting a line as it stands sets the built-in default.
 */
final class SettingsTemplate {
    private SettingsTemplate() {
    }

    static String text() {
        List<String> lines = new ArrayList<>(List.of(
                "# Drover settings: every setting Drover knows, commented out, with its built-in default.",
                "# Uncomment and change a line to set it; docs/CONFIGURATION.md says more about each one.",
                "# Sources, later winning: the app jar's drover.properties, this file (--config FILE),",
                "# environment variables DROVER_<KEY> (e.g. DROVER_WORKER_NUM=4), then --set key=value.",
                "# Relative paths are resolved against the directory the server is started from."));
        for (Setting setting : Setting.values()) {
            lines.add("");
            lines.add("# " + setting.key() + ": " + setting.description());
            lines.add("# accepted: " + setting.accepted());
            lines.add("# default: " + setting.defaultText());
            // a core count is the machine's: left empty here, it would be read as a value
            lines.add(setting.machineDefault() ? "#" + setting.key() + "="
                    : "#" + setting.key() + "=" + escape(setting.defaultValue()));
        }
        return String.join("\n", lines) + "\n";
    }

    // properties syntax: a backslash is an escape (package_eof's default is the text \r\n)
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
