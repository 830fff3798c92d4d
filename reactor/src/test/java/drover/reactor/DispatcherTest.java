package drover.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import drover.common.frame.FrameType;
import drover.common.payload.PayloadLimits;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static WorkerLink[] links(int n) {
        WorkerLink[] links = new WorkerLink[n];
        for (int i = 0; i < n; i++) {
            links[i] = new WorkerLink(i, new PayloadLimits(16 << 20, 16 << 20, 64 << 20));
        }
        return links;
    }

    @Test
    void fixedModeKeepsEveryPacketOnTheHomeSlot() {
        Dispatcher d = new Dispatcher(Dispatcher.FIXED, links(3));
        int home = d.homeSlot(7, null);
        assertEquals(1, home, "sequence 7 % 3");
        for (int i = 0; i < 5; i++) {
            assertEquals(home, d.packetSlot(home));
        }
    }

    @Test
    void roundRobinVisitsEverySlotInTurn() {
        Dispatcher d = new Dispatcher(Dispatcher.ROUND_ROBIN, links(3));
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slots.add(d.packetSlot(0));
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2), slots);
    }

    @Test
    void idleWorkerPicksTheLinkWithFewestQueuedBytes() {
        WorkerLink[] links = links(3);
        links[0].append(FrameType.DATA, 1, new byte[100]);
        links[2].append(FrameType.DATA, 1, new byte[10]);
        Dispatcher d = new Dispatcher(Dispatcher.IDLE_WORKER, links);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, d.packetSlot(0));
        }
    }

    @Test
    void ipHashGivesOneAddressOneSlot() throws Exception {
        Dispatcher d = new Dispatcher(Dispatcher.IP_HASH, links(4));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        int slot = d.homeSlot(1, a);
        for (long seq = 2; seq < 10; seq++) {
            assertEquals(slot, d.homeSlot(seq, InetAddress.getByName("10.0.0.1")));
        }
    }

    @Test
    void uidSlotIsTheUidModuloTheWorkers() {
        Dispatcher d = new Dispatcher(Dispatcher.UID, links(4));
        assertEquals(3, d.slotForUid(7));
        assertEquals(0, d.slotForUid(8));
        assertEquals(Long.remainderUnsigned(-1L, 4), d.slotForUid(-1L), "a uid is unsigned");
    }

    @Test
    void blockingLinkIsTheFullHomeLinkInFixedMode() {
        WorkerLink[] links = links(2);
        Dispatcher d = new Dispatcher(Dispatcher.FIXED, links);
        assertNull(d.blockingLink(1, false));
        links[1].append(FrameType.DATA, 1, new byte[WorkerLink.HIGH_WATERMARK]);
        assertSame(links[1], d.blockingLink(1, false));
        assertNull(d.blockingLink(0, false), "another session's link is not full");
    }

    @Test
    void idleModeBlocksOnlyWhenEveryLinkIsFull() {
        WorkerLink[] links = links(2);
        Dispatcher d = new Dispatcher(Dispatcher.IDLE_WORKER, links);
        links[0].append(FrameType.DATA, 1, new byte[WorkerLink.HIGH_WATERMARK]);
        assertNull(d.blockingLink(0, false));
        links[1].append(FrameType.DATA, 1, new byte[WorkerLink.HIGH_WATERMARK]);
        assertEquals(true, d.blockingLink(0, false) != null);
    }

    /** Slot ready: a worker said READY on its link (the channel itself is never touched here). */
    private static void ready(WorkerLink link) {
        link.attach(new LinkChannel(null, null, new PayloadLimits(16 << 20, 16 << 20, 64 << 20), null, null));
    }

    /**
     * A slot whose worker cannot start (after a failed reload its respawns keep failing) must not be
     * given new connections while another slot's worker is ready: they would wait for ever.
     */
    @Test
    void newConnectionsSkipASlotWithoutAReadyWorkerWhileAnotherIsReady() throws Exception {
        WorkerLink[] links = links(2);
        ready(links[0]); // worker#1 is crash-looping
        for (int mode : new int[] {Dispatcher.FIXED, Dispatcher.IP_HASH, Dispatcher.UID}) {
            Dispatcher d = new Dispatcher(mode, links);
            for (long seq = 1; seq <= 40; seq++) {
                assertEquals(0, d.homeSlot(seq, InetAddress.getByName("10.0.0." + seq)), "mode " + mode + " seq " + seq);
            }
        }
        ready(links[1]);
        Dispatcher d = new Dispatcher(Dispatcher.FIXED, links);
        assertEquals(1, d.homeSlot(7, null), "a ready slot gets its share again");
    }

    @Test
    void perPacketModesSkipASlotWithoutAReadyWorker() {
        WorkerLink[] links = links(3);
        ready(links[0]);
        ready(links[2]);
        Dispatcher rr = new Dispatcher(Dispatcher.ROUND_ROBIN, links);
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slots.add(rr.packetSlot(0));
        }
        assertEquals(List.of(0, 2, 0, 2, 0, 2), slots);
        links[0].append(FrameType.DATA, 1, new byte[100]); // worker#1 has the emptiest link, but no worker
        Dispatcher idle = new Dispatcher(Dispatcher.IDLE_WORKER, links);
        for (int i = 0; i < 4; i++) {
            assertEquals(2, idle.packetSlot(0));
        }
    }

    @Test
    void withNoReadyWorkerAnywhereFramesQueueForTheSlotTheModeNames() {
        Dispatcher d = new Dispatcher(Dispatcher.FIXED, links(3));
        assertEquals(1, d.homeSlot(4, null), "they wait for that slot's worker, as at boot");
    }

    @Test
    void unknownModeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dispatcher(6, links(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dispatcher(0, links(1)));
    }
}
