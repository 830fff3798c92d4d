package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.config.LogFormat;
import drover.common.link.ProcessRole;
import drover.common.link.RunDir;
import drover.common.log.JdkLogging;
import drover.common.log.Log;
import drover.common.payload.PayloadStores;
import drover.common.process.ExitCode;
import drover.manager.control.ControlServer;
import drover.manager.launch.AotCache;
import drover.manager.launch.AppJars;
import drover.manager.launch.ChildLauncher;
import drover.manager.launch.DroverHome;
import drover.manager.launch.JvmFlags;
import drover.manager.rundir.LockHolder;
import drover.manager.rundir.PidFile;
import drover.manager.rundir.RunDirLock;
import drover.manager.rundir.ShmRoomCheck;
import drover.manager.admin.AdminServer;
import drover.manager.admin.AppMetricsBoard;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/** The manager in the foreground: claims the run dir, opens the control socket, supervises, cleans up. */
public final class ManagerProcess {
    private ManagerProcess() {
    }

    public static ExitCode run(DroverConfig config, DroverHome home, Path appJar) {
        RunDir runDir = new RunDir(config.runDir());
        RunDirLock lock;
        try {
            runDir.create();
            lock = RunDirLock.acquire(runDir.lockFile());
        } catch (RunDirLock.HeldElsewhere e) {
            OptionalLong holder = LockHolder.of(runDir.lockFile());
            System.err.println("drover: start refused: a manager" + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
                    + " already runs in " + runDir.dir() + ": it holds the lock on " + runDir.lockFile());
            return ExitCode.ALREADY_RUNNING;
        } catch (IOException e) {
            System.err.println("drover: start refused: cannot prepare run_dir " + runDir.dir() + ": " + e.getMessage());
            return ExitCode.BAD_CONFIG;
        }
        try {
            return runLocked(config, home, appJar, runDir);
        } finally {
            release(lock, runDir);
        }
    }

    private static void release(RunDirLock lock, RunDir runDir) {
        try {
            lock.close();
        } catch (IOException e) {
            Log.warn("releasing the lock on " + runDir.lockFile() + " failed: " + e.getMessage() + " (the exit drops it)");
        }
    }

    // only the holder of the run dir's lock gets here: nothing in the run dir was touched before
    private static ExitCode runLocked(DroverConfig config, DroverHome home, Path appJar, RunDir runDir) {
        PidFile pidFile = new PidFile(runDir.pidFile());
        AppJars appJars = new AppJars(appJar, runDir.dir().resolve("app"));
        try {
            Log.configure("manager", config.logFile().orElse(null));
            Log.threshold(Log.Level.valueOf(config.logLevel().name()));
            Log.json(config.logFormat() == LogFormat.JSON);
            JdkLogging.routeToDroverLog(Log.Level.valueOf(config.logLevel().name())); // the JDK's HTTP server logs there
            runDir.sweep(); // sockets a killed server left behind
            PayloadStores.sweep(config, -1); // and its payload files
            PayloadStores.prepareShmDir(config); // made 0700 now, or refused with the reason (another user's)
            ShmRoomCheck.warnIfShort(config); // measured once those are gone
            SharedTablesAtStart.create(config); // before any worker starts: they map these
            writeSettings(config, runDir.settingsFile());
            appJars.deleteAll(); // copies a killed server left
            appJars.stageDeployed(); // children run this copy, not the deployed file (AppJars)
            pidFile.write(); // last: the daemon launcher waits for its child's pid here, then for the socket
        } catch (IOException e) {
            System.err.println("drover: start refused: cannot prepare run_dir " + runDir.dir() + ": " + e.getMessage());
            SharedTablesAtStart.remove(config);
            PayloadStores.sweep(config, -1); // the shm_dir prepareShmDir may have made, empty
            appJars.deleteAll();
            cleanUp(runDir, pidFile);
            return ExitCode.BAD_CONFIG;
        }
        // base workers run another main and class path than the cache is trained on (JvmFlags)
        AotCache aot = config.aotCache() && !config.baseMode() ? new AotCache(config.aotCacheDir(), ChildLauncher.javaCommand(),
                JvmFlags.classPath(home, config, ProcessRole.WORKER), appJar, runDir.dir(), JvmFlags.of(home, config, ProcessRole.WORKER)) : null;
        Supervisor supervisor = new Supervisor(config, ChildLauncher.jvm(home, runDir, config, aot, appJar), appJars);
        AppMetricsBoard metrics = new AppMetricsBoard();
        try (ControlServer control = ControlServer.open(runDir.managerSocket(), new ControlEvents(supervisor::post), metrics);
             AdminServer admin = AdminListener.start(config, supervisor, metrics)) {
            supervisor.installSignalHandlers();
            return supervisor.run();
        } catch (AdminListener.BindFailed e) {
            Log.error(e.getMessage());
            return ExitCode.LISTEN_FAILED;
        } catch (IOException e) {
            Log.error("cannot open the control socket: " + e.getMessage());
            return ExitCode.BOOT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.CRASHED;
        } finally {
            if (aot != null) {
                aot.close();
            }
            SharedTablesAtStart.remove(config);
            PayloadStores.sweep(config, -1);
            appJars.deleteAll();
            cleanUp(runDir, pidFile);
        }
    }

    private static void writeSettings(DroverConfig config, Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            config.toProperties().store(out, "effective settings of this server, written by the manager for its children");
        }
    }

    private static void cleanUp(RunDir runDir, PidFile pidFile) {
        try {
            runDir.sweep();
            pidFile.delete();
        } catch (IOException e) {
            Log.warn("cleanup of " + runDir.dir() + " failed: " + e.getMessage());
        }
    }
}
