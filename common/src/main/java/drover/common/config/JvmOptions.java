package drover.common.config;

import java.util.List;
import java.util.Set;

/**
 * The text of worker_jvm_options, task_worker_jvm_options and reactor_jvm_options: JVM options
 * separated by white space. They go on a child's command line between Drover's flags and its class
 * path, so a word that is not an option would be taken for the main class, and a class path or jar
 * option would replace the one Drover needs: both are refused here rather than as a child that
 * cannot start.
 */
final class JvmOptions {
    static final String ACCEPTED = "JVM options separated by spaces, each starting with '-' (an option cannot hold a space),"
            + " e.g. -Xmx512m -XX:+HeapDumpOnOutOfMemoryError -Dapp.flag=on; not -cp, -classpath, --class-path or -jar";
    private static final Set<String> DROVERS_OWN = Set.of("-cp", "-classpath", "--class-path", "-jar");

    private JvmOptions() {
    }

    /** @return the options in order, or the reason they are refused as {@link IllegalArgumentException} */
    static List<String> parse(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<String> options = List.of(text.strip().split("\\s+"));
        for (String option : options) {
            if (!option.startsWith("-")) {
                throw new IllegalArgumentException("'" + option + "' is not an option: it would be taken for the main class");
            }
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (DROVERS_OWN.contains(name)) {
                throw new IllegalArgumentException(option + " would replace the class path Drover starts the process with");
            }
        }
        return options;
    }
}
