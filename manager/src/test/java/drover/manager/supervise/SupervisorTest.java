package drover.manager.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.ProcessRole;
import drover.common.process.ExitCode;
import drover.manager.child.FakeProcess;
import drover.manager.child.Slot;
import drover.manager.control.ControlCommand;
import drover.manager.control.ControlConnection;
import drover.manager.launch.AppJars;
import drover.manager.supervise.SupervisorEvent.ChildBootFailed;
import drover.manager.supervise.SupervisorEvent.ChildLinked;
import drover.manager.supervise.SupervisorEvent.ChildReady;
import drover.manager.supervise.SupervisorEvent.ChildRecycleRequested;
import drover.manager.supervise.SupervisorEvent.ChildUnlinked;
import drover.manager.supervise.SupervisorEvent.ControlRequested;
import drover.manager.supervise.SupervisorEvent.SignalReceived;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's loop against fake children: what it spawns, in which order, how it respawns
 * and stops. The children are {@link FakeProcess}es; "ready" is posted the way the control
 * server would post it. End-to-end behaviour with real JVMs is in the testsuite's ITs.
 */
class SupervisorTest {
    private static final long WAIT_SECONDS = 10;

    record Launched(Slot slot, int generation, FakeProcess process, Path appJar) { }

    @TempDir
    Path runDir;

    private final BlockingQueue<Launched> launched = new LinkedBlockingQueue<>();
    private final List<Slot> destroyed = new CopyOnWriteArrayList<>();
    private final List<FakeProcess> all = new CopyOnWriteArrayList<>();
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private Supervisor supervisor;
    private Future<ExitCode> exit;
    private volatile boolean childrenIgnoreTerm;
    private AppJars appJars = AppJars.none();

    @AfterEach
    void stopEverything() throws Exception {
        if (supervisor != null && !exit.isDone()) {
            supervisor.post(new SignalReceived("TERM"));
            exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        all.forEach(FakeProcess::destroyForcibly);
        loop.shutdownNow();
    }

    private void start(String... settings) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("run_dir", runDir.toString());
        properties.setProperty("tmp_dir", runDir.resolve("tmp").toString());
        for (String setting : settings) {
            String[] kv = setting.split("=", 2);
            properties.setProperty(kv[0], kv[1]);
        }
        DroverConfig config = DroverConfig.fromProperties(properties, "test");
        supervisor = new Supervisor(config, (slot, generation, appJar) -> {
            FakeProcess process = new FakeProcess(p -> destroyed.add(slot), childrenIgnoreTerm);
            all.add(process);
            launched.add(new Launched(slot, generation, process, appJar));
            return process;
        }, appJars);
        exit = loop.submit(supervisor::run);
    }

    private Launched nextLaunch() throws InterruptedException {
        Launched next = launched.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(next, "nothing was spawned within " + WAIT_SECONDS + " s");
        return next;
    }

    private Launched expectLaunch(ProcessRole role, int index, int generation) throws InterruptedException {
        Launched next = nextLaunch();
        assertEquals(new Slot(role, index), next.slot());
        assertEquals(generation, next.generation());
        return next;
    }

    private void ready(Launched child) {
        supervisor.post(new ChildReady(child.process().pid(), "127.0.0.1:9"));
    }

    private String ask(ControlCommand command) throws Exception {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        supervisor.post(new ControlRequested(command, reply));
        return reply.get(WAIT_SECONDS, TimeUnit.SECONDS).text();
    }

    /** Boots reactor, task worker and two workers; returns them in that order. */
    private List<Launched> bootRunning() throws Exception {
        start("worker_num=2", "task_worker_num=1");
        CompletableFuture<Reply> running = new CompletableFuture<>();
        supervisor.post(new ControlRequested(ControlCommand.WAIT_READY, running));
        Launched reactor = expectLaunch(ProcessRole.REACTOR, 0, 1);
        Launched task = expectLaunch(ProcessRole.TASK_WORKER, 0, 1);
        ready(task);
        assertNull(launched.poll(), "workers wait for the reactor to listen");
        ready(reactor);
        Launched w0 = expectLaunch(ProcessRole.WORKER, 0, 1);
        Launched w1 = expectLaunch(ProcessRole.WORKER, 1, 1);
        ready(w0);
        ready(w1);
        assertEquals("ok 127.0.0.1:9", running.get(WAIT_SECONDS, TimeUnit.SECONDS).text());
        return List.of(reactor, task, w0, w1);
    }

    @Test
    void bootsReactorsAndTaskWorkersFirstThenWorkersOnceTheReactorListens() throws Exception {
        bootRunning();
        String status = ask(ControlCommand.STATUS);
        assertTrue(status.contains("\"state\":\"running\""), status);
    }

    @Test
    void aWorkerThatDiesIsRespawnedInItsSlotAndCounted() throws Exception {
        List<Launched> children = bootRunning();
        children.get(3).process().exit(1);
        Launched again = expectLaunch(ProcessRole.WORKER, 1, 2);
        ready(again);
        String status = ask(ControlCommand.STATUS);
        assertTrue(status.contains("\"pid\":" + again.process().pid()), status);
        assertTrue(status.contains("\"restarts\":1"), status);
    }

    /** Its SIGKILL is no news to the manager: it is replaced and counted as a kill, not as a death of its own. */
    @Test
    void aWorkerTheManagerKillsAsHungIsReplacedButNotCountedAsARestart() throws Exception {
        start("worker_num=1", "worker_timeout=1");
        ready(expectLaunch(ProcessRole.REACTOR, 0, 1));
        Launched worker = expectLaunch(ProcessRole.WORKER, 0, 1);
        ready(worker);
        // it never beats: past worker_timeout it is condemned, and killed once its stacks had time to print
        Launched again = expectLaunch(ProcessRole.WORKER, 0, 2);
        assertEquals(1, worker.process().forcibleKills());
        String status = ask(ControlCommand.STATUS);
        assertTrue(status.contains("\"restarts\":0,\"kills\":1"), status);
        assertTrue(again.process().isAlive());
    }

    /**
     * A reload onto a jar whose workers cannot boot fails and keeps the old workers; a worker that
     * crashes later is respawned from the jar that booted, not from the broken one still deployed.
     */
    @Test
    void aCrashAfterAFailedReloadRespawnsFromTheJarThatBootedNotTheDeployedOne() throws Exception {
        Path deployed = runDir.resolve("deployed.jar");
        Files.writeString(deployed, "the good jar");
        appJars = new AppJars(deployed, runDir.resolve("app"));
        Path good = appJars.stageDeployed();
        List<Launched> children = bootRunning();
        assertEquals(good, children.get(2).appJar(), "workers run the copy, not the deployed file");
        assertEquals("the good jar", Files.readString(good));

        Files.writeString(deployed, "a broken jar");
        supervisor.post(new SignalReceived("USR1"));
        Launched fresh = expectLaunch(ProcessRole.WORKER, 0, 2);
        assertEquals("a broken jar", Files.readString(fresh.appJar()), "a reload starts from the jar deployed now");
        fresh.process().exit(ExitCode.BOOT_FAILED.code());
        awaitStatus(s -> s.contains("\"last_result\":\"failed\""));

        children.get(3).process().exit(ExitCode.CRASHED.code()); // worker#1 crashes
        Launched respawned = expectLaunch(ProcessRole.WORKER, 1, 2);
        assertEquals(good, respawned.appJar(), "the respawn starts from the jar that booted");
        assertEquals("the good jar", Files.readString(respawned.appJar()));
        supervisor.post(new ChildRecycleRequested(children.get(2).process().pid(), "max_request 10 reached"));
        assertEquals(good, expectLaunch(ProcessRole.WORKER, 0, 3).appJar(), "and so does a recycle");
    }

    @Test
    void aDeadReactorIsRespawnedAndTheWorkersKeepTheirSlots() throws Exception {
        List<Launched> children = bootRunning();
        children.get(0).process().exit(1);
        expectLaunch(ProcessRole.REACTOR, 0, 2);
        assertTrue(children.get(2).process().isAlive());
        assertTrue(children.get(3).process().isAlive());
    }

    @Test
    void stopsWorkersThenTaskWorkersThenTheReactor() throws Exception {
        bootRunning();
        supervisor.post(new SignalReceived("TERM"));
        assertEquals(ExitCode.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(ProcessRole.WORKER, ProcessRole.WORKER, ProcessRole.TASK_WORKER, ProcessRole.REACTOR),
                destroyed.stream().map(Slot::role).toList());
        assertTrue(all.stream().noneMatch(FakeProcess::isAlive));
    }

    @Test
    void aReactorThatCannotListenFailsTheStartWithItsExitCode() throws Exception {
        start("worker_num=1");
        CompletableFuture<Reply> running = new CompletableFuture<>();
        supervisor.post(new ControlRequested(ControlCommand.WAIT_READY, running));
        Launched reactor = expectLaunch(ProcessRole.REACTOR, 0, 1);
        reactor.process().exit(ExitCode.LISTEN_FAILED.code());
        assertEquals(ExitCode.LISTEN_FAILED, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(running.get(WAIT_SECONDS, TimeUnit.SECONDS).isError(), running.getNow(null).text());
        assertNull(launched.poll(), "no worker is started for a server that cannot listen");
    }

    @Test
    void ttinAddsAWorkerSlotAndTtouRemovesTheHighest() throws Exception {
        List<Launched> children = bootRunning();
        supervisor.post(new SignalReceived("TTIN"));
        Launched added = expectLaunch(ProcessRole.WORKER, 2, 1);
        ready(added);
        supervisor.post(new SignalReceived("TTOU"));
        assertTrue(added.process().onExit().get(WAIT_SECONDS, TimeUnit.SECONDS) != null);
        supervisor.post(new SignalReceived("TTOU"));
        children.get(3).process().onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        String status = ask(ControlCommand.STATUS);
        assertTrue(status.contains("\"pid\":" + children.get(2).process().pid()), status);
        assertTrue(!status.contains("\"pid\":" + children.get(3).process().pid()), status);
        assertNull(launched.poll(), "a removed slot is not respawned");
    }

    @Test
    void ttouKeepsTheLastWorker() throws Exception {
        start("worker_num=1");
        Launched reactor = expectLaunch(ProcessRole.REACTOR, 0, 1);
        ready(reactor);
        Launched worker = expectLaunch(ProcessRole.WORKER, 0, 1);
        ready(worker);
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"running\""));
        supervisor.post(new SignalReceived("TTOU"));
        ask(ControlCommand.STATUS); // the signal is handled before this reply
        assertTrue(worker.process().isAlive());
    }

    @Test
    void aRecycleSwapsTheWorkerForAFreshOneBeforeRetiringIt() throws Exception {
        List<Launched> children = bootRunning();
        FakeProcess old = children.get(2).process();
        supervisor.post(new ChildRecycleRequested(old.pid(), "max_request 10 reached"));
        Launched fresh = expectLaunch(ProcessRole.WORKER, 0, 2);
        assertTrue(old.isAlive(), "the old worker serves until the fresh one is ready");
        ready(fresh);
        old.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        String status = ask(ControlCommand.STATUS);
        assertTrue(status.contains("\"recycles\":1"), status);
    }

    @Test
    void aFailedRecycleLeavesTheOldWorkerServingAndIsNotRetriedAtOnce() throws Exception {
        List<Launched> children = bootRunning();
        FakeProcess old = children.get(2).process();
        supervisor.post(new ChildRecycleRequested(old.pid(), "max_request 10 reached"));
        Launched fresh = expectLaunch(ProcessRole.WORKER, 0, 2);
        fresh.process().exit(1); // dies before it gets ready
        String status = ask(ControlCommand.STATUS);
        assertTrue(old.isAlive());
        assertTrue(status.contains("\"pid\":" + old.pid()), status);
        assertNull(launched.poll(), "the retry waits out its back-off");
    }

    /** A reload (SIGUSR1) whose new worker#0 has been launched and has linked its control socket. */
    private LinkedReload reloadWithLinkedNewWorker() throws Exception {
        supervisor.post(new SignalReceived("USR1"));
        Launched fresh = expectLaunch(ProcessRole.WORKER, 0, 2);
        ControlPair link = ControlPair.open(runDir.resolve("control-test.sock"));
        supervisor.post(new ChildLinked(fresh.process().pid(), new ControlConnection(link.managerEnd())));
        return new LinkedReload(fresh, link);
    }

    private record LinkedReload(Launched fresh, ControlPair link) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            link.close();
        }
    }

    /**
     * A new worker that fails to boot writes BOOT_ERROR and exits; the exit can be seen before the
     * control reader posts the frame. The supervisor holds the exit until the link is read to its end,
     * so the reload still fails with the worker's own reason.
     */
    @Test
    void anExitSeenBeforeTheBootErrorStillFailsTheReloadWithThatError() throws Exception {
        List<Launched> children = bootRunning();
        try (LinkedReload reload = reloadWithLinkedNewWorker()) {
            Launched fresh = reload.fresh();
            long pid = fresh.process().pid();
            fresh.process().exit(ExitCode.BOOT_FAILED.code()); // posts the exit now
            supervisor.post(new ChildBootFailed(pid, "onWorkerStart threw IllegalStateException: no database"));
            supervisor.post(new ChildUnlinked(pid));

            String status = awaitStatus(s -> s.contains("\"last_result\":\"failed\""));
            assertTrue(status.contains("no database"), status);
            assertTrue(children.get(2).process().isAlive(), "the old worker keeps serving");
        }
    }

    /** The same when the exit comes before the control reader has even read the new worker's HELLO. */
    @Test
    void anExitSeenBeforeTheHelloStillFailsTheReloadWithTheBootError() throws Exception {
        List<Launched> children = bootRunning();
        supervisor.post(new SignalReceived("USR1"));
        Launched fresh = expectLaunch(ProcessRole.WORKER, 0, 2);
        long pid = fresh.process().pid();
        fresh.process().exit(ExitCode.BOOT_FAILED.code()); // posts the exit now, before any frame
        try (ControlPair link = ControlPair.open(runDir.resolve("control-test.sock"))) {
            supervisor.post(new ChildLinked(pid, new ControlConnection(link.managerEnd())));
            supervisor.post(new ChildBootFailed(pid, "cannot load the app: EchoApp is missing"));
            supervisor.post(new ChildUnlinked(pid));

            String status = awaitStatus(s -> s.contains("\"last_result\":\"failed\""));
            assertTrue(status.contains("EchoApp is missing"), status);
            assertTrue(children.get(2).process().isAlive(), "the old worker keeps serving");
        }
    }

    @Test
    void anExitWhoseLinkIsNeverReadToItsEndIsHandledAfterTheHoldAnyway() throws Exception {
        List<Launched> children = bootRunning();
        try (LinkedReload reload = reloadWithLinkedNewWorker()) {
            reload.fresh().process().exit(ExitCode.CRASHED.code()); // and no ChildUnlinked ever comes

            String status = awaitStatus(s -> s.contains("\"last_result\":\"failed\""));
            assertTrue(status.contains("exited (CRASHED) before it was ready"), status);
            assertTrue(children.get(2).process().isAlive(), "the old worker keeps serving");
        }
    }

    /** A connected Unix-domain pair, as a child's control link is: the manager's end and the child's. */
    private record ControlPair(Path socket, SocketChannel managerEnd, SocketChannel childEnd) implements AutoCloseable {
        static ControlPair open(Path socket) throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                    .bind(UnixDomainSocketAddress.of(socket))) {
                SocketChannel child = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                return new ControlPair(socket, server.accept(), child);
            }
        }

        @Override
        public void close() throws IOException {
            managerEnd.close();
            childEnd.close();
            Files.deleteIfExists(socket);
        }
    }

    private String awaitStatus(Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String status = ask(ControlCommand.STATUS);
        while (!condition.test(status)) {
            assertTrue(System.nanoTime() < deadline, "status never matched: " + status);
            status = ask(ControlCommand.STATUS); // each ask is a round trip through the loop: no sleep needed
        }
        return status;
    }

    @Test
    void aChildThatIgnoresStopIsKilledOnceAtMaxWaitTime() throws Exception {
        childrenIgnoreTerm = true;
        start("worker_num=1", "max_wait_time=1");
        Launched reactor = expectLaunch(ProcessRole.REACTOR, 0, 1);
        ready(reactor);
        Launched worker = expectLaunch(ProcessRole.WORKER, 0, 1);
        ready(worker);
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"running\""));
        FakeProcess stubborn = worker.process();
        supervisor.post(new SignalReceived("TERM"));
        stubborn.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(ExitCode.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, stubborn.forcibleKills(), "SIGKILL is sent once, not on every turn of the loop");
    }

    /** Boots a reactor and one worker with those settings; returns them in that order. */
    private List<Launched> bootOneWorker(String... settings) throws Exception {
        start(settings);
        Launched reactor = expectLaunch(ProcessRole.REACTOR, 0, 1);
        ready(reactor);
        Launched worker = expectLaunch(ProcessRole.WORKER, 0, 1);
        ready(worker);
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"running\""));
        return List.of(reactor, worker);
    }

    @Test
    void aStopWithDrainDelayFirstDrainsWhileEveryChildServesOn() throws Exception {
        List<Launched> children = bootOneWorker("worker_num=1", "drain_delay=2");
        long asked = System.nanoTime();
        supervisor.post(new SignalReceived("TERM"));
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"draining\""), "draining first");
        assertTrue(destroyed.isEmpty() && children.stream().allMatch(c -> c.process().isAlive()),
                "nothing is stopped while it drains");
        assertEquals(ExitCode.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - asked >= TimeUnit.SECONDS.toNanos(2), "the stop waited for drain_delay");
        assertEquals(List.of(ProcessRole.WORKER, ProcessRole.REACTOR), destroyed.stream().map(Slot::role).toList());
    }

    @Test
    void theDrainCommandOnlyDrainsAndALaterStopCompletesIt() throws Exception {
        bootOneWorker("worker_num=1", "drain_delay=1");
        assertTrue(ask(ControlCommand.DRAIN).startsWith("ok draining"));
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"draining\""));
        assertTrue(ask(ControlCommand.WAIT_READY).contains("draining"), "not ready while draining");
        assertTrue(destroyed.isEmpty(), "a drain alone stops nothing");
        ask(ControlCommand.STOP);
        assertEquals(ExitCode.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aSecondStopWhileDrainingStopsAtOnce() throws Exception {
        bootOneWorker("worker_num=1", "drain_delay=3600");
        supervisor.post(new SignalReceived("TERM"));
        assertTrue(ask(ControlCommand.STATUS).contains("\"state\":\"draining\""));
        supervisor.post(new SignalReceived("INT"));
        assertEquals(ExitCode.OK, exit.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
