package drover.reactor;

/**
 * The packets of one connection that a worker has been handed and has not answered yet, and which
 * worker each went to (its slot and the slot's link generation, WorkerLink), so that when a worker
 * exits the reactor knows whose requests died with it. HTTP counts every packet until its
 * RESPONSE_END. Other protocols have no request/response shape, so only the last packet is kept,
 * and any send to the session counts as its answer.
 */
final class PacketsInFlight {
    private boolean countsResponses;
    /** A ring of (slot << 32 | generation), oldest at head; one entry for other protocols, grown as HTTP needs. */
    private long[] ring;
    private int head;
    private int size;
    /** Bytes of the oldest packet's answer were written (HTTP): too late for another answer. */
    private boolean answerStarted;

    /** @param countsResponses HTTP: each packet is answered by exactly one RESPONSE_END, in order */
    PacketsInFlight(boolean countsResponses) {
        this.countsResponses = countsResponses;
        this.ring = new long[countsResponses ? 2 : 1]; // one per connection: kept small for 100k idle clients
    }

    /**
     * The connection no longer answers each packet (an HTTP connection upgraded to WebSocket): from
     * now on only the last packet is kept, so one that sends for ever holds one entry.
     */
    void stopCountingResponses() {
        if (countsResponses) {
            countsResponses = false;
            ring = new long[1];
            head = 0;
            size = 0;
            answerStarted = false;
        }
    }

    void dispatched(int slot, int generation) {
        long entry = (long) slot << 32 | (generation & 0xFFFFFFFFL);
        if (!countsResponses) {
            ring[0] = entry;
            size = 1;
            return;
        }
        if (size == ring.length) {
            long[] grown = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(head + i) % ring.length];
            }
            ring = grown;
            head = 0;
        }
        ring[(head + size) % ring.length] = entry;
        size++;
    }

    /** Bytes from a worker for this session: part of the oldest answer (HTTP), or the answer itself. */
    void bytesSent() {
        if (countsResponses) {
            answerStarted = size > 0;
        } else {
            size = 0;
        }
    }

    /** HTTP: the oldest packet's response is whole. */
    void responseEnded() {
        if (size > 0) {
            head = (head + 1) % ring.length;
            size--;
        }
        answerStarted = false;
    }

    int size() {
        return size;
    }

    boolean answerStarted() {
        return answerStarted;
    }

    /** Whether a packet that went to that worker is still unanswered. */
    boolean heldBy(int slot, int generation) {
        long entry = (long) slot << 32 | (generation & 0xFFFFFFFFL);
        for (int i = 0; i < size; i++) {
            if (ring[(head + i) % ring.length] == entry) {
                return true;
            }
        }
        return false;
    }
}
