package drover.common.config;

/** How a payload above large_payload_threshold crosses a link between two processes (setting large_payload). */
public enum LargePayload implements Choice {
    /** In chunks of at most 1 MiB on the link itself, between the small frames. */
    STREAM("stream"),
    /** In a file of its own in tmp_dir; the link carries its name. */
    TMPFILE("tmpfile"),
    /** In a Chronicle Queue in shm_dir; the link carries its index. */
    CHRONICLE("chronicle"),
    /** In a ring in shm_dir that both processes map; the link carries where in it. */
    SHM("shm");

    private final String label;

    LargePayload(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
