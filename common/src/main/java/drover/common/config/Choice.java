package drover.common.config;

/** A setting value picked from a fixed list, written in the settings as its label. */
interface Choice {
    String label();
}
