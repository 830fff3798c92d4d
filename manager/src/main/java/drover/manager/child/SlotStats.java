package drover.manager.child;

/** What a worker slot has been through, across the JVMs that filled it. Supervisor loop only. */
public final class SlotStats {
    /** Workers of this slot that died by themselves (crash, failed boot, a kill from outside) and were respawned. */
    public int restarts;
    /** Workers of this slot the manager killed (hung, or not ready in time) and replaced. */
    public int kills;
    /** Workers of this slot replaced after max_request. */
    public int recycles;
}
