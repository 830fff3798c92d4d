package drover.common.config;

/** How a reload replaces the workers (setting reload_mode). */
public enum ReloadMode implements Choice {
    /** One slot at a time: capacity never drops by more than one worker. */
    ROLLING("rolling"),
    /** Every slot at once: fastest, but briefly twice the workers' memory. */
    ALL("all");

    private final String label;

    ReloadMode(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
