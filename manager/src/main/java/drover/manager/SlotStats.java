package drover.manager;

/** What a worker slot has been through, across the JVMs that filled it. Supervisor loop only. */
final class SlotStats {
    /** Workers of this slot that died by themselves (crash, failed boot, a kill from outside) and were respawned. */
    int restarts;
    /** Workers of this slot the manager killed (hung, or not ready in time) and replaced. */
    int kills;
    /** Workers of this slot replaced after max_request. */
    int recycles;
}
