package drover.manager;

/** What a worker slot has been through, across the JVMs that filled it. Supervisor loop only. */
final class SlotStats {
    /** Workers of this slot that died unexpectedly (crash, kill, hang) and were respawned. */
    int restarts;
    /** Workers of this slot replaced after max_request. */
    int recycles;
}
