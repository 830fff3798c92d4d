package drover.worker.api;

/** What a timer runs ({@link Server#after}, {@link Server#tick}). */
@FunctionalInterface
public interface TimerCallback {
    /**
     * The timer is due. An exception is logged; a tick keeps ticking.
     *
     * @param timerId the timer's id, so a tick can clear itself
     */
    void onTimer(long timerId);
}
