package drover.reactor;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * dispatch_mode: which worker slot gets each packet of a connection, for one reactor thread.
 * A connection's home slot (connect and close go there) is chosen once at accept; modes 1 and 3
 * choose again for every packet; mode 5 moves the home slot when the app binds a uid. A slot whose
 * worker is not ready (being respawned, or unable to start at all) gets no new connection and no
 * round-robin or idle-worker packet while another slot's worker is ready: its choice moves on to
 * the next ready slot. Only when no slot has a ready worker do frames queue for the slot the mode
 * names, to wait for its worker.
 */
final class Dispatcher {
    static final int ROUND_ROBIN = 1;
    static final int FIXED = 2;
    static final int IDLE_WORKER = 3;
    static final int IP_HASH = 4;
    static final int UID = 5;

    private final int mode;
    private WorkerLink[] links;
    /** Slots 0..active-1 take new work; slots above are being removed (TTOU) and get nothing new. */
    private int active;
    private int nextRoundRobin;

    Dispatcher(int mode, WorkerLink[] links) {
        if (mode < ROUND_ROBIN || mode > UID) {
            throw new IllegalArgumentException("dispatch_mode " + mode + " outside 1..5");
        }
        this.mode = mode;
        this.links = links;
        this.active = links.length;
    }

    /** The worker count changed (TTIN/TTOU): links may hold more slots than are active. */
    void resize(WorkerLink[] newLinks, int activeSlots) {
        links = newLinks;
        active = activeSlots;
        nextRoundRobin = nextRoundRobin % active;
    }

    int activeSlots() {
        return active;
    }

    /** The slot for a new connection's connect, close and (modes 2, 4, 5) packets. */
    int homeSlot(long sequence, InetAddress remote) {
        if (mode == IP_HASH && remote != null) {
            return readyFrom(Math.floorMod(Arrays.hashCode(remote.getAddress()), active));
        }
        return readyFrom((int) Long.remainderUnsigned(sequence, active));
    }

    /** The slot itself when its worker is ready, else the next slot (in slot order) whose worker is; slot when none is. */
    private int readyFrom(int slot) {
        if (links[slot].hasWorker()) {
            return slot;
        }
        for (int i = 1; i < active; i++) {
            int next = (slot + i) % active;
            if (links[next].hasWorker()) {
                return next;
            }
        }
        return slot;
    }

    /** The slot for a session bound to uid (mode 5); Swoole uses uid modulo worker_num as well. */
    int slotForUid(long uid) {
        return (int) Long.remainderUnsigned(uid, active);
    }

    boolean bindsUids() {
        return mode == UID;
    }

    /** Whether every packet goes to its connection's home slot ({@link #packetSlot} returns it). */
    boolean packetsGoHome() {
        return mode != ROUND_ROBIN && mode != IDLE_WORKER;
    }

    /** The slot for the next packet of a connection whose home is homeSlot. */
    int packetSlot(int homeSlot) {
        return switch (mode) {
            case ROUND_ROBIN -> {
                int slot = readyFrom(nextRoundRobin);
                nextRoundRobin = (slot + 1) % active;
                yield slot;
            }
            case IDLE_WORKER -> leastQueued();
            default -> homeSlot;
        };
    }

    /**
     * The link that must drain before the connection may be read again, or null when it may read now:
     * a full link, or one that other connections wait for, unless this connection's turn has come.
     */
    WorkerLink blockingLink(int homeSlot, boolean inTurn) {
        WorkerLink link = switch (mode) {
            case ROUND_ROBIN -> links[readyFrom(nextRoundRobin)];
            case IDLE_WORKER -> links[leastQueued()]; // full only when every link is
            default -> links[homeSlot];
        };
        return link.isFull() || (!inTurn && link.hasWaiting()) ? link : null;
    }

    /**
     * The ready link with the fewest bytes queued (any link when none is ready); ties go round-robin so
     * idle workers share the load.
     */
    private int leastQueued() {
        int start = readyFrom(nextRoundRobin);
        nextRoundRobin = (nextRoundRobin + 1) % active;
        boolean readyOnly = links[start].hasWorker();
        int best = start;
        for (int i = 1; i < active; i++) {
            int slot = (start + i) % active;
            if ((!readyOnly || links[slot].hasWorker()) && links[slot].queuedBytes() < links[best].queuedBytes()) {
                best = slot;
            }
        }
        return best;
    }
}
