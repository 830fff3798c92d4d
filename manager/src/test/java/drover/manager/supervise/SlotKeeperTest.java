package drover.manager.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.ProcessRole;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.FakeProcess;
import drover.manager.child.ManagerClock;
import drover.manager.child.Slot;
import drover.manager.control.ControlCommand;
import drover.manager.launch.AppJars;
import drover.manager.supervise.SupervisorEvent.ChildBootFailed;
import drover.manager.supervise.SupervisorEvent.ChildReady;
import drover.manager.supervise.SupervisorEvent.ChildRecycleRequested;
import drover.manager.supervise.SupervisorEvent.ChildUnlinked;
import drover.manager.supervise.SupervisorEvent.ControlRequested;
import drover.manager.supervise.SupervisorEvent.SignalReceived;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slot control (reload, recycle, respawn back-off, hang kill) on a fake clock: the supervisor's
 * loop is turned by the test on its own thread ({@link Supervisor#stepUntilIdle}), time moves only
 * when the test moves it, and the children are {@link FakeProcess}es. Nothing here sleeps.
 */
class SlotKeeperTest {
    /** Time that moves only by hand; its instants follow its nanoseconds. */
    static final class FakeClock implements ManagerClock {
        private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
        private long nanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return ORIGIN.plusNanos(nanos);
        }

        void advance(Duration by) {
            nanos += by.toNanos();
        }
    }

    record Launched(Slot slot, int generation, FakeProcess process) { }

    @TempDir
    Path runDir;

    private final FakeClock clock = new FakeClock();
    private final Deque<Launched> launched = new ArrayDeque<>();
    private final List<FakeProcess> all = new ArrayList<>();
    private Supervisor supervisor;

    @AfterEach
    void endChildren() {
        all.forEach(FakeProcess::destroyForcibly);
    }

    private void start(String... settings) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("run_dir", runDir.toString());
        properties.setProperty("tmp_dir", runDir.resolve("tmp").toString());
        for (String setting : settings) {
            String[] kv = setting.split("=", 2);
            properties.setProperty(kv[0], kv[1]);
        }
        supervisor = new Supervisor(DroverConfig.fromProperties(properties, "test"), (slot, generation, appJar) -> {
            FakeProcess process = new FakeProcess(p -> { });
            all.add(process);
            launched.add(new Launched(slot, generation, process));
            return process;
        }, AppJars.none(), clock);
        supervisor.start();
    }

    /** The next child spawned, which must be that one. */
    private Launched spawned(ProcessRole role, int index, int generation) {
        Launched next = launched.poll();
        assertNotNull(next, "nothing was spawned");
        assertEquals(new Slot(role, index), next.slot());
        assertEquals(generation, next.generation());
        return next;
    }

    private void assertNothingSpawned() {
        assertNull(launched.peek(), "spawned " + launched.peek());
    }

    private void post(SupervisorEvent event) {
        supervisor.post(event);
        supervisor.stepUntilIdle();
    }

    private void ready(Launched child) {
        post(new ChildReady(child.process().pid(), "127.0.0.1:9"));
    }

    private void advance(Duration by) {
        clock.advance(by);
        supervisor.stepUntilIdle();
    }

    private Child current(Slot slot) {
        return supervisor.slots().current(slot);
    }

    /** A reactor and that many workers, all ready: the server runs. */
    private List<Launched> running(int workers, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of(settings));
        all.add("worker_num=" + workers);
        start(all.toArray(String[]::new));
        Launched reactor = spawned(ProcessRole.REACTOR, 0, 1);
        ready(reactor);
        List<Launched> children = new ArrayList<>(List.of(reactor));
        for (int i = 0; i < workers; i++) {
            children.add(spawned(ProcessRole.WORKER, i, 1));
        }
        children.subList(1, children.size()).forEach(this::ready);
        assertEquals(ServerPhase.RUNNING, supervisor.phase());
        return children;
    }

    @Test
    void aReloadSwapsOneWorkerAtATimeAndRetiresTheOldOneOnlyOnceTheNewOneIsReady() throws Exception {
        List<Launched> children = running(2);
        Launched old0 = children.get(1);
        Launched old1 = children.get(2);
        post(new SignalReceived("USR1"));
        Launched new0 = spawned(ProcessRole.WORKER, 0, 2);
        assertNothingSpawned(); // rolling: worker#1 waits its turn
        assertTrue(old0.process().isAlive(), "the old worker serves until the new one is ready");
        ready(new0);
        assertFalse(old0.process().isAlive(), "retired once its replacement took the slot");
        assertEquals(new0.process().pid(), current(new Slot(ProcessRole.WORKER, 0)).pid());
        Launched new1 = spawned(ProcessRole.WORKER, 1, 2);
        ready(new1);
        assertFalse(old1.process().isAlive());
        assertEquals(1, supervisor.reload().count());
        assertEquals("ok", supervisor.reload().lastResult());
        assertFalse(supervisor.reload().inProgress());
    }

    @Test
    void aNewWorkerThatFailsToBootIsEndedAndTheOldOnesKeepServing() throws Exception {
        List<Launched> children = running(2);
        post(new SignalReceived("USR1"));
        Launched new0 = spawned(ProcessRole.WORKER, 0, 2);
        post(new ChildBootFailed(new0.process().pid(), "no app class"));
        assertFalse(new0.process().isAlive(), "the failed replacement is ended");
        assertEquals(1, new0.process().forcibleKills());
        assertNothingSpawned(); // the reload stopped: worker#1 is not swapped
        assertTrue(children.get(1).process().isAlive() && children.get(2).process().isAlive());
        assertEquals(children.get(1).process().pid(), current(new Slot(ProcessRole.WORKER, 0)).pid());
        assertEquals(ChildState.READY, current(new Slot(ProcessRole.WORKER, 0)).state());
        assertEquals("failed", supervisor.reload().lastResult());
        assertEquals("no app class", supervisor.reload().lastError());
    }

    @Test
    void aNewWorkerNotReadyWithinReloadReadyTimeoutIsKilledByTheClockAndTheOldOneKeepsServing() throws Exception {
        List<Launched> children = running(1, "reload_ready_timeout=10");
        post(new SignalReceived("USR1"));
        Launched new0 = spawned(ProcessRole.WORKER, 0, 2);
        advance(Duration.ofSeconds(9));
        assertTrue(new0.process().isAlive(), "still within its ready timeout");
        advance(Duration.ofSeconds(2));
        assertFalse(new0.process().isAlive());
        assertTrue(children.get(1).process().isAlive());
        assertEquals("failed", supervisor.reload().lastResult());
        assertTrue(supervisor.reload().lastError().contains("was not ready within 10 s"), supervisor.reload().lastError());
    }

    @Test
    void aWorkerAtMaxRequestIsRecycledSpawnBeforeRetireAndCounted() throws Exception {
        List<Launched> children = running(1);
        Launched old = children.get(1);
        post(new ChildRecycleRequested(old.process().pid(), "max_request 1000 reached"));
        Launched fresh = spawned(ProcessRole.WORKER, 0, 2);
        assertTrue(old.process().isAlive());
        ready(fresh);
        assertFalse(old.process().isAlive());
        assertEquals(1, supervisor.slots().stats(new Slot(ProcessRole.WORKER, 0)).recycles);
        assertEquals(0, supervisor.reload().count(), "a recycle is not a reload");
    }

    @Test
    void aFailedRecycleIsRetriedAfterItsBackOffAndNotBefore() throws Exception {
        List<Launched> children = running(1, "reload_ready_timeout=10");
        Launched old = children.get(1);
        post(new ChildRecycleRequested(old.process().pid(), "max_request 1000 reached"));
        Launched fresh = spawned(ProcessRole.WORKER, 0, 2);
        post(new ChildBootFailed(fresh.process().pid(), "out of memory"));
        advance(Duration.ofSeconds(9));
        assertNothingSpawned();
        advance(Duration.ofSeconds(1)); // the first back-off is 10 s
        Launched again = spawned(ProcessRole.WORKER, 0, 3);
        ready(again);
        assertFalse(old.process().isAlive());
    }

    @Test
    void aWorkerThatKeepsDyingYoungIsRespawnedAfterADoublingDelayThatReadinessResets() throws Exception {
        running(1);
        Slot slot = new Slot(ProcessRole.WORKER, 0);
        die(current(slot).process(), current(slot).pid());       // 1st death in a row within a second: 100 ms
        assertNothingSpawned();
        advance(Duration.ofMillis(99));
        assertNothingSpawned();
        advance(Duration.ofMillis(1));
        Launched first = spawned(ProcessRole.WORKER, 0, 2);
        die(first.process(), first.process().pid());            // 2nd: 200 ms
        advance(Duration.ofMillis(199));
        assertNothingSpawned();
        advance(Duration.ofMillis(1));
        Launched second = spawned(ProcessRole.WORKER, 0, 3);
        die(second.process(), second.process().pid());          // 3rd: 400 ms
        advance(Duration.ofMillis(399));
        assertNothingSpawned();
        advance(Duration.ofMillis(1));
        Launched third = spawned(ProcessRole.WORKER, 0, 4);
        ready(third);                                           // it boots: the count starts over
        die(third.process(), third.process().pid());            // a 1st quick death again: 100 ms
        advance(Duration.ofMillis(99));
        assertNothingSpawned();
        advance(Duration.ofMillis(1));
        spawned(ProcessRole.WORKER, 0, 5);
        assertEquals(4, supervisor.slots().stats(slot).restarts);
    }

    /** It exits with an error, and its control link (none) is read to the end. */
    private void die(Process process, long pid) {
        ((FakeProcess) process).exit(1);
        post(new ChildUnlinked(pid));
    }

    @Test
    void aSilentWorkerIsKilledAfterWorkerTimeoutAndTheDumpGraceThenReplaced() throws Exception {
        List<Launched> children = running(1, "worker_timeout=5");
        Launched worker = children.get(1);
        advance(Duration.ofSeconds(5));
        assertTrue(current(new Slot(ProcessRole.WORKER, 0)) != null && !current(new Slot(ProcessRole.WORKER, 0)).hung());
        advance(Duration.ofSeconds(1));
        assertTrue(current(new Slot(ProcessRole.WORKER, 0)).hung(), "condemned: its stacks were asked for");
        advance(Duration.ofMillis(1999));
        assertTrue(worker.process().isAlive(), "it gets the dump grace to print them");
        advance(Duration.ofMillis(1));
        assertFalse(worker.process().isAlive());
        spawned(ProcessRole.WORKER, 0, 2);
        assertEquals(1, supervisor.slots().stats(new Slot(ProcessRole.WORKER, 0)).kills);
        assertEquals(0, supervisor.slots().stats(new Slot(ProcessRole.WORKER, 0)).restarts);
    }

    @Test
    void statusAnswersFromTheLoopWithoutAThreadOfItsOwn() throws Exception {
        running(1);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        post(new ControlRequested(ControlCommand.STATUS, reply));
        assertTrue(reply.getNow(Reply.error("no answer")).text().contains("\"state\":\"running\""), reply.toString());
    }
}
