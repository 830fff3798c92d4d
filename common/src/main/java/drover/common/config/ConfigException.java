package drover.common.config;

/**
 * Settings that refuse the start: an unknown key, a bad value, an unreadable source or settings
 * that contradict each other. The message names the key, where it came from and what was expected,
 * because it is shown to the operator as-is.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
