package drover.manager.cli;

import drover.common.config.DroverConfig;
import drover.common.frame.ControlMessage.Reply;
import drover.common.link.RunDir;
import drover.common.log.LogFiles;
import drover.common.process.ExitCode;
import drover.manager.control.ControlClient;
import drover.manager.control.ControlCommand;
import drover.manager.launch.JvmFlags;
import drover.manager.rundir.DiskSpace;
import drover.manager.rundir.LockHolder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * --daemon: a JVM cannot fork, so this JVM starts the real manager as a detached process (its own
 * session, output to the log file), waits until it serves or fails, prints which, and exits.
 */
final class DaemonLauncher {
    /** Named, not referenced: drover.manager uses this package, so this package must not use it back. */
    private static final String MANAGER_MAIN = "drover.manager.ManagerMain";
    private static final long BOOT_TIMEOUT_SECONDS = 120;

    private DaemonLauncher() {
    }

    static ExitCode launch(DroverConfig config, Path configFile, List<String> sets, Path appJar) {
        RunDir runDir = new RunDir(config.runDir());
        Path log = config.logFile().orElse(runDir.dir().resolve("drover.log"));
        Process manager;
        long logStart;
        try {
            runDir.create();
        } catch (IOException e) {
            return code(ExitCode.BAD_CONFIG, "cannot prepare run_dir " + runDir.dir() + ": " + e.getMessage());
        }
        try {
            OptionalLong holder = LockHolder.of(runDir.lockFile());
            if (holder.isPresent()) { // a quick answer, which takes no lock; the manager's own lock attempt decides
                return code(ExitCode.ALREADY_RUNNING, "a manager (pid " + holder.getAsLong() + ") already runs in " + runDir.dir()
                        + ": it holds the lock on " + runDir.lockFile());
            }
            LogFiles.create(log); // 0640; a redirect would create it world-readable
            logStart = Files.size(log);
            manager = new ProcessBuilder(command(configFile, sets, appJar, log))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return code(ExitCode.BOOT_FAILED, "cannot start the manager: " + e.getMessage());
        }
        return awaitServing(manager, runDir, log, logStart);
    }

    private static List<String> command(Path configFile, List<String> sets, Path appJar, Path log) {
        List<String> command = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid); // leave the terminal's session: a closed terminal's SIGHUP must not reach it
                break;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.manager());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (System.getProperty("drover.home") != null) {
            command.add("-Ddrover.home=" + System.getProperty("drover.home"));
        }
        command.addAll(List.of(MANAGER_MAIN, "start", "--daemon-child"));
        if (configFile != null) {
            command.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
        }
        for (String set : sets) {
            command.addAll(List.of("--set", set));
        }
        command.addAll(List.of("--set", "log_file=" + log, appJar.toString()));
        return command;
    }

    private static ExitCode awaitServing(Process manager, RunDir runDir, Path log, long logStart) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!manager.isAlive()) {
                return failed(manager.exitValue(), log, logStart);
            }
            // manager.pid names the child once it holds the run dir's lock and has swept the old sockets:
            // a socket seen before that may be a stale one, or another server's that won the lock
            if (namesPid(runDir, manager.pid()) && Files.exists(runDir.managerSocket())) {
                try {
                    Reply reply = ControlClient.ask(runDir.managerSocket(), ControlCommand.WAIT_READY);
                    if (!reply.isError()) {
                        System.out.println("drover: started, manager pid " + manager.pid() + ", listening on "
                                + reply.detail() + " (log: " + log + ", run_dir: " + runDir.dir() + ")");
                        return ExitCode.OK;
                    }
                    System.err.println("drover: " + reply.text());
                    return failed(waitFor(manager), log, logStart);
                } catch (IOException e) {
                    // the socket exists but the manager is not accepting yet, or it just died: look again
                }
            }
            sleepBriefly();
        }
        manager.destroy();
        return code(ExitCode.BOOT_FAILED, "the server was not serving within " + BOOT_TIMEOUT_SECONDS + " s; see " + log);
    }

    private static boolean namesPid(RunDir runDir, long pid) {
        try {
            return Files.readString(runDir.pidFile(), StandardCharsets.US_ASCII).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false; // not written yet
        }
    }

    private static ExitCode failed(int exitValue, Path log, long logStart) {
        System.err.println("drover: the server failed to start (" + ExitCode.describe(exitValue) + "); from " + log + ":");
        List<String> reasons;
        try {
            byte[] all = Files.readAllBytes(log);
            String added = new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart), StandardCharsets.UTF_8);
            reasons = added.lines().filter(l -> l.contains("ERROR") || l.startsWith("drover:")).toList();
        } catch (IOException e) {
            reasons = List.of("(cannot read the log: " + e.getMessage() + ")");
        }
        if (reasons.isEmpty()) {
            reasons = List.of(DiskSpace.whyNoReason(log));
        }
        reasons.forEach(l -> System.err.println("  " + l));
        for (ExitCode code : ExitCode.values()) {
            if (code.code() == exitValue) {
                return code;
            }
        }
        return ExitCode.BOOT_FAILED;
    }

    private static int waitFor(Process manager) {
        try {
            return manager.waitFor(30, TimeUnit.SECONDS) ? manager.exitValue() : ExitCode.BOOT_FAILED.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.BOOT_FAILED.code();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20); // polling a file and a process with a deadline; nothing to wait on instead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExitCode code(ExitCode code, String message) {
        System.err.println("drover: start refused: " + message);
        return code;
    }
}
