package drover.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Builds the effective settings from their four sources, later winning: the app jar's
 * {@code drover.properties}, then the --config file, then the environment ({@code DROVER_<KEY>}),
 * then each --set in order. Properties text is read as UTF-8.
 */
public final class ConfigLoader {
    /** The jar entry, at the root of the app jar, holding the app's default settings. */
    static final String JAR_DEFAULTS_ENTRY = "drover.properties";
    static final String SET_SOURCE = "--set";
    /** An environment variable named this and a setting's key in upper case sets it, e.g. DROVER_WORKER_NUM. */
    public static final String ENV_PREFIX = "DROVER_";

    private ConfigLoader() {}

    /**
     * @param appJar     the application jar, or null for none
     * @param configFile the --config file, or null for none
     * @param sets       the --set entries, each key=value, in command-line order
     */
    public static DroverConfig load(Path appJar, Path configFile, List<String> sets) throws ConfigException {
        return load(appJar, configFile, System.getenv(), sets);
    }

    /** As {@link #load(Path, Path, List)}, with the environment given (a test's, or the process's). */
    public static DroverConfig load(Path appJar, Path configFile, Map<String, String> environment, List<String> sets)
            throws ConfigException {
        Objects.requireNonNull(sets, "sets (pass List.of() when there is no --set)");
        LayeredSettings settings = LayeredSettings.defaults();
        if (appJar != null) {
            settings.apply(jarDefaults(appJar), jarDefaultsSourceName(appJar));
        }
        if (configFile != null) {
            settings.apply(readConfigFile(configFile), "config file " + configFile);
        }
        applyEnvironment(settings, environment);
        for (String set : sets) {
            applySet(settings, set);
        }
        return DroverConfig.of(settings);
    }

    /** DROVER_ names that Drover's own scripts and manager set, which are not settings. */
    private static final Set<String> OWN_VARIABLES = Set.of("DROVER_HOME", "DROVER_JAVA_HOME", "DROVER_LINK_SECRET");

    /**
     * The DROVER_ variables that name no setting (a misspelt DROVER_WORKER_NUMS, say) and are not
     * Drover's own: the start ignores them, and says so.
     */
    public static List<String> ignoredEnvironmentNames(Map<String, String> environment) {
        return new TreeSet<>(environment.keySet()).stream()
                .filter(name -> name.startsWith(ENV_PREFIX) && !OWN_VARIABLES.contains(name))
                .filter(name -> !name.equals(name.toUpperCase(Locale.ROOT))
                        || Setting.byKey(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT)).isEmpty())
                .toList();
    }

    /**
     * Every DROVER_&lt;KEY&gt; whose KEY, in lower case, is a setting's key. Other DROVER_ names are left
     * alone: the scripts themselves export DROVER_HOME and DROVER_JAVA_HOME, and the manager gives its
     * children DROVER_LINK_SECRET. Sorted, so that an invalid value is reported the same way each time.
     */
    private static void applyEnvironment(LayeredSettings settings, Map<String, String> environment) throws ConfigException {
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith(ENV_PREFIX) || !name.equals(name.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (Setting.byKey(key).isPresent()) {
                settings.put(key, environment.get(name), "environment variable " + name);
            }
        }
    }

    /** The app jar's {@code drover.properties}, or empty properties when the jar has none. */
    static Properties jarDefaults(Path appJar) throws ConfigException {
        if (!Files.exists(appJar)) {
            throw new ConfigException("app jar not found: " + appJar);
        }
        if (!Files.isRegularFile(appJar)) {
            throw new ConfigException("app jar " + appJar + " is not a regular file: expected a jar file");
        }
        Properties properties = new Properties();
        try (JarFile jar = new JarFile(appJar.toFile())) {
            JarEntry entry = jar.getJarEntry(JAR_DEFAULTS_ENTRY);
            if (entry == null) {
                return properties;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                load(properties, in);
            }
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Properties.load met a malformed unicode escape.
            throw new ConfigException("app jar " + appJar + " cannot be read (" + e.getMessage()
                    + "): expected a jar file, with a valid properties file at " + JAR_DEFAULTS_ENTRY + " if any");
        }
        return properties;
    }

    static String jarDefaultsSourceName(Path appJar) {
        return "app jar defaults (" + appJar + "!/" + JAR_DEFAULTS_ENTRY + ")";
    }

    private static Properties readConfigFile(Path configFile) throws ConfigException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            load(properties, in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + configFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + configFile + " cannot be read (" + e.getMessage()
                    + "): expected a Java properties file");
        }
        return properties;
    }

    private static void load(Properties properties, InputStream in) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
    }

    private static void applySet(LayeredSettings settings, String set) throws ConfigException {
        int equals = set.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(SET_SOURCE + " '" + set + "' has no '=': expected key=value, e.g. --set worker_num=4");
        }
        String key = set.substring(0, equals).trim();
        if (key.isEmpty()) {
            throw new ConfigException(SET_SOURCE + " '" + set + "' has no key before '=': expected key=value, e.g. --set worker_num=4");
        }
        settings.put(key, set.substring(equals + 1), SET_SOURCE);
    }
}
