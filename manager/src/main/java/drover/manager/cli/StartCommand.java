package drover.manager.cli;

import drover.common.config.ConfigException;
import drover.common.config.ConfigLoader;
import drover.common.config.DroverConfig;
import drover.common.process.ExitCode;
import drover.common.tls.TlsContextFactory;
import drover.manager.launch.AppJarCheck;
import drover.manager.launch.DroverHome;
import drover.manager.supervise.ManagerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start a server for APP_JAR: in the foreground, or with --daemon in the background once it listens.")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "A Java properties file of settings (docs/CONFIGURATION.md).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable. Wins over --config and the jar's drover.properties.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--daemon", description = "Run in the background; return once the server listens, or fail with the reason.")
    boolean daemon;

    /** Set by the daemon launcher on the manager it starts, so daemonize=true in a file cannot recurse. */
    @Option(names = "--daemon-child", hidden = true)
    boolean daemonChild;

    @Parameters(index = "0", paramLabel = "APP_JAR", description = "The worker jar with your app.")
    Path appJar;

    @Override
    public Integer call() {
        Path jar = appJar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            return refuse(ExitCode.BAD_CONFIG, "app jar not found: " + jar);
        }
        DroverConfig config;
        for (String name : ConfigLoader.ignoredEnvironmentNames(System.getenv())) {
            System.err.println("drover: warning: environment variable " + name + " names no setting (expected "
                    + ConfigLoader.ENV_PREFIX + "<KEY>, the key in upper case, e.g. DROVER_WORKER_NUM); ignored");
        }
        try {
            config = ConfigLoader.load(jar, configFile, sets);
            if (config.tls().enabled()) {
                TlsContextFactory.create(config.tls()); // a bad certificate or key refuses the start, not each handshake
            }
        } catch (ConfigException e) {
            return refuse(ExitCode.BAD_CONFIG, e.getMessage());
        }
        String noApp = AppJarCheck.problem(jar, config.servesHttp(), config.servesPackets());
        if (noApp != null) {
            return refuse(ExitCode.BOOT_FAILED, noApp);
        }
        DroverHome home = DroverHome.locate();
        String missing = home.missingJars(config.baseMode());
        if (missing != null) {
            return refuse(ExitCode.BOOT_FAILED, missing);
        }
        if ((daemon || config.daemonize()) && !daemonChild) {
            return DaemonLauncher.launch(config, configFile, sets, jar).code();
        }
        return ManagerProcess.run(config, home, jar).code();
    }

    static int refuse(ExitCode code, String message) {
        System.err.println("drover: start refused: " + message);
        return code.code();
    }
}
