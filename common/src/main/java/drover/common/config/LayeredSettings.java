package drover.common.config;

import drover.common.net.CidrList;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trimmed text of every setting, each remembering which source set it last, with typed readers
 * whose errors name the key, the value, the source and what was expected. Sources are applied in
 * precedence order: each one overrides the keys it sets.
 */
final class LayeredSettings {
    static final String BUILT_IN_DEFAULT = "built-in default";

    // ASCII digits only: Integer.parseInt would also accept other scripts' digits and a '+' sign.
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,10}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})([KkMmGg]?)");

    private record SourcedText(String text, String source) {}

    private final Map<Setting, SourcedText> values = new EnumMap<>(Setting.class);

    private LayeredSettings() {}

    static LayeredSettings defaults() {
        LayeredSettings settings = new LayeredSettings();
        for (Setting setting : Setting.values()) {
            settings.values.put(setting, new SourcedText(setting.defaultValue(), BUILT_IN_DEFAULT));
        }
        return settings;
    }

    /** Overrides with every entry of {@code properties}, its defaults chain included. */
    void apply(Properties properties, String source) throws ConfigException {
        // Sorted so that, with several unknown keys, the same one is reported every time.
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            put(key.trim(), properties.getProperty(key), source);
        }
    }

    void put(String key, String text, String source) throws ConfigException {
        Setting setting = Setting.byKey(key).orElseThrow(() -> new ConfigException(
                "unknown setting '" + key + "' in " + source + " (known settings: " + Setting.knownKeys() + ")"));
        values.put(setting, new SourcedText(setting.trimmed() ? text.trim() : text, source));
    }

    String text(Setting setting) {
        return values.get(setting).text();
    }

    String source(Setting setting) {
        return values.get(setting).source();
    }

    int integer(Setting setting, int min, int max) throws ConfigException {
        String text = text(setting);
        if (!INTEGER.matcher(text).matches()) {
            throw invalid(setting, "not an integer");
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw invalid(setting, "outside " + min + ".." + max);
        }
        return (int) value;
    }

    boolean bool(Setting setting) throws ConfigException {
        String text = text(setting);
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(setting, null);
    }

    /** Bytes, from a plain integer or one with a binary K, M or G suffix; 1..2^31-1. */
    int size(Setting setting) throws ConfigException {
        return (int) longSize(setting, 1, Integer.MAX_VALUE);
    }

    /** Bytes, written as for {@link #size}, within min..max (up to a tebibyte). */
    long longSize(Setting setting, long min, long max) throws ConfigException {
        Matcher matcher = SIZE.matcher(text(setting));
        if (!matcher.matches()) {
            throw invalid(setting, "not a size");
        }
        long unit = switch (matcher.group(2).toUpperCase()) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            default -> 1;
        };
        // Compared before multiplying, so that a huge count cannot overflow into the accepted range.
        long count = Long.parseLong(matcher.group(1));
        if (count < 1 || count > max / unit || count * unit < min) {
            throw invalid(setting, "outside " + min + ".." + max + " bytes");
        }
        return count * unit;
    }

    /** One of an enum's values, named by its {@code label()} (see {@link Choice}). */
    <E extends Enum<E> & Choice> E choice(Setting setting, Class<E> type) throws ConfigException {
        String text = text(setting);
        for (E value : type.getEnumConstants()) {
            if (value.label().equals(text)) {
                return value;
            }
        }
        throw invalid(setting, null);
    }

    /** A {@link #size} that must also lie within min..max bytes. */
    int size(Setting setting, int min, int max) throws ConfigException {
        int size = size(setting);
        if (size < min || size > max) {
            throw invalid(setting, "outside " + min + ".." + max + " bytes");
        }
        return size;
    }

    LengthType lengthType(Setting setting) throws ConfigException {
        String text = text(setting);
        for (LengthType type : LengthType.values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        throw invalid(setting, null);
    }

    HostPort hostPort(Setting setting) throws ConfigException {
        try {
            return HostPort.parse(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    /** listen: addresses with an optional protocol suffix ({@link ListenerSpec}). */
    List<ListenerSpec> listenerSpecs(Setting setting, ListenerProtocol fallback) throws ConfigException {
        List<ListenerSpec> list = new ArrayList<>();
        for (String item : text(setting).split(",", -1)) {
            if (item.isBlank()) {
                throw invalid(setting, "an empty address between commas");
            }
            ListenerSpec spec;
            try {
                spec = ListenerSpec.parse(item.trim(), fallback);
            } catch (IllegalArgumentException e) {
                throw invalid(setting, "entry '" + item.trim() + "': " + e.getMessage());
            }
            if (list.stream().anyMatch(l -> l.address().equals(spec.address()))) {
                throw invalid(setting, spec.address() + " is listed twice");
            }
            list.add(spec);
        }
        return List.copyOf(list);
    }

    /** JVM options separated by white space ({@link JvmOptions}); empty text is none. */
    List<String> jvmOptions(Setting setting) throws ConfigException {
        try {
            return JvmOptions.parse(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    /** Comma-separated address ranges; empty text is the empty list. */
    CidrList cidrList(Setting setting) throws ConfigException {
        try {
            return CidrList.parse(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    /** Bytes written with {@link EscapedBytes} escapes, between min and max bytes long. */
    byte[] escapedBytes(Setting setting, int min, int max) throws ConfigException {
        byte[] bytes;
        try {
            bytes = EscapedBytes.decode(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
        if (bytes.length < min || bytes.length > max) {
            throw invalid(setting, bytes.length + " bytes");
        }
        return bytes;
    }

    /** An absolute, normalized path; relative text is resolved against the current directory now. */
    Path path(Setting setting) throws ConfigException {
        String text = text(setting);
        if (text.isEmpty()) {
            throw invalid(setting, "empty");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(setting, e.getReason());
        }
    }

    /** Empty text means "not set"; anything else is read like {@link #path}. */
    Optional<Path> optionalPath(Setting setting) throws ConfigException {
        return text(setting).isEmpty() ? Optional.empty() : Optional.of(path(setting));
    }

    List<TableSpec> tables(Setting setting) throws ConfigException {
        try {
            return TableSpec.parseAll(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    List<String> atomics(Setting setting) throws ConfigException {
        try {
            return AtomicNames.parse(text(setting));
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    private ConfigException invalid(Setting setting, String problem) {
        return new ConfigException("invalid " + setting.key() + " = '" + text(setting) + "' from " + source(setting)
                + (problem == null ? "" : " (" + problem + ")") + ": expected " + setting.accepted());
    }
}
