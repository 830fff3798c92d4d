package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.log.Log;
import drover.manager.child.Child;
import drover.manager.child.ChildState;
import drover.manager.child.ManagerClock;
import drover.manager.child.Slot;
import drover.manager.launch.ChildLauncher;
import drover.manager.supervise.SupervisorEvent.ChildExited;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every child process the manager runs, by pid, and the reactors by slot: starts them, tells them
 * things on their control links, and kills those past their deadline. Supervisor loop only; a
 * child's exit comes back as a {@link ChildExited} event.
 */
final class Children {
    private final Map<Long, Child> byPid = new HashMap<>();
    private final Map<Slot, Integer> generations = new HashMap<>();
    private final Child[] reactors;
    private final RunDir runDir;
    private final ChildLauncher launcher;
    private final ManagerClock clock;
    private final Consumer<SupervisorEvent> post;

    Children(DroverConfig config, ChildLauncher launcher, ManagerClock clock, Consumer<SupervisorEvent> post) {
        this.reactors = new Child[config.baseMode() ? 0 : config.reactorProcesses()]; // base: workers listen
        this.runDir = new RunDir(config.runDir());
        this.launcher = launcher;
        this.clock = clock;
        this.post = post;
    }

    /** Starts a child in the slot, its slot's next generation; a worker or task worker from that app jar copy. */
    Child launch(Slot slot, Path appJar) throws IOException {
        int generation = generations.merge(slot, 1, Integer::sum);
        Process process = launcher.launch(slot, generation, appJar);
        Child child = new Child(slot, generation, process, clock);
        child.appJar(appJar);
        byPid.put(child.pid(), child);
        process.onExit().thenAccept(p -> post.accept(new ChildExited(child, p.exitValue())));
        Log.info("spawned " + child.describe());
        if (slot.role() == ProcessRole.REACTOR) {
            reactors[slot.index()] = child;
        }
        return child;
    }

    /** The child with that pid, or null: not ours, or its exit was handled. */
    Child byPid(long pid) {
        return byPid.get(pid);
    }

    void remove(Child child) {
        byPid.remove(child.pid());
    }

    Collection<Child> all() {
        return byPid.values();
    }

    boolean isEmpty() {
        return byPid.isEmpty();
    }

    boolean anyOf(ProcessRole role) {
        return byPid.values().stream().anyMatch(c -> c.slot().role() == role);
    }

    int reactorCount() {
        return reactors.length;
    }

    /** The reactor process in that slot, or null while it respawns. */
    Child reactor(int slot) {
        return reactors[slot];
    }

    /** If the child is its slot's reactor, the slot is empty from now on; returns whether it was. */
    boolean clearReactor(Child child) {
        if (reactors[child.slot().index()] != child) {
            return false;
        }
        reactors[child.slot().index()] = null;
        return true;
    }

    boolean allReactorsReady() {
        for (Child r : reactors) {
            if (r == null || r.state() != ChildState.READY) {
                return false;
            }
        }
        return true;
    }

    /** Sends a frame on the child's control link; false when it has none (not linked yet) or the send failed. */
    static boolean tell(Child child, ControlMessage message) {
        return child.control() != null && child.control().send(message);
    }

    void tellReactors(ControlMessage message) {
        for (Child r : reactors) {
            if (r != null && r.state() == ChildState.READY) {
                tell(r, message);
            }
        }
    }

    void tellWorkers(ControlMessage message) {
        for (Child w : byPid.values()) {
            if (w.slot().role() == ProcessRole.WORKER) {
                tell(w, message);
            }
        }
    }

    /** Asks a child to finish and exit; one that has no control link yet gets SIGTERM. */
    void stop(Child child) {
        child.moveTo(child.state() == ChildState.READY || child.state() == ChildState.STARTING
                ? ChildState.STOPPING : child.state());
        if (!tell(child, new ControlMessage.Stop())) {
            child.process().destroy();
        }
    }

    /** SIGKILL for every child alive past its kill deadline. */
    void killOverdue(long now) {
        for (Child child : byPid.values()) {
            if (child.killAtNanos() <= now && child.process().isAlive()) {
                Log.warn(child.describe() + (child.hung() ? ": killing it" : " did not exit within max_wait_time; killing it"));
                child.process().destroyForcibly();
                child.markKilled();
            }
        }
    }

    /** The earliest kill deadline, or {@code next} if that is earlier. */
    long nextKillNanos(long next) {
        for (Child child : byPid.values()) {
            next = Math.min(next, child.killAtNanos());
        }
        return next;
    }

    /** A task worker removes its socket on a clean exit; a killed one cannot. */
    void removeTaskSocket(Child child) {
        try {
            Files.deleteIfExists(runDir.taskSocket(child.slot().index(), child.generation()));
        } catch (IOException e) {
            Log.warn("cannot remove the socket of " + child.describe() + ": " + e.getMessage());
        }
    }

    /** The app jar copies children still run (AppJars.prune keeps them). */
    Set<Path> appJarsInUse() {
        Set<Path> inUse = new HashSet<>();
        for (Child child : byPid.values()) {
            if (child.appJar() != null) {
                inUse.add(child.appJar());
            }
        }
        return inUse;
    }
}
