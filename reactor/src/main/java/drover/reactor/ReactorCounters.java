package drover.reactor;

/** Plain counters of one reactor thread; only that thread writes them. */
final class ReactorCounters {
    long accepted;
    long closed;
    long bytesIn;
    long bytesOut;
    long packets;
    long droppedStale;
    long rejectedPackets;
    long closeErrors;

    @Override
    public String toString() {
        return "accepted=" + accepted + " closed=" + closed + " packets=" + packets + " bytes_in=" + bytesIn
                + " bytes_out=" + bytesOut + " dropped_stale=" + droppedStale + " rejected_packets=" + rejectedPackets;
    }
}
