package drover.manager.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A plain start line reads as picocli reads it; every other line is left to picocli. */
class PlainStartTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "start app.jar",
        "start --daemon app.jar",
        "start app.jar --daemon",
        "start --config conf/drover.properties --set worker_num=4 --set=listen=127.0.0.1:0 app.jar",
        "start --config=conf/a.properties --set worker_jvm_options=-Xmx1g+-Dx=1 --daemon-child /opt/app.jar",
        "start --daemon-child --config /c.properties --set log_file=/x.log /opt/app.jar",
    })
    void readsAPlainStartAsPicocliDoes(String line) {
        String[] args = args(line);
        Optional<StartCommand> plain = PlainStart.parse(args);
        assertTrue(plain.isPresent(), line);
        StartCommand picocli = new StartCommand();
        new CommandLine(picocli).parseArgs(List.of(args).subList(1, args.length).toArray(String[]::new));
        assertEquals(picocli.appJar, plain.get().appJar, line);
        assertEquals(picocli.configFile, plain.get().configFile, line);
        assertEquals(picocli.sets, plain.get().sets, line);
        assertEquals(picocli.daemon, plain.get().daemon, line);
        assertEquals(picocli.daemonChild, plain.get().daemonChild, line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "start", "start --help", "start -h", "start --config", "start --config --daemon app.jar",
        "start --set app.jar", "start a.jar b.jar", "start --daemon=true app.jar", "start --demon app.jar",
        "start --config a --config b app.jar", "start -- app.jar", "status --run-dir run", "stop", "--version",
    })
    void leavesEveryOtherLineToPicocli(String line) {
        assertEquals(Optional.empty(), PlainStart.parse(args(line)), line);
    }

    /** Words split at spaces; a '+' stands for a space inside a word. */
    private static String[] args(String line) {
        return List.of(line.split(" ")).stream().map(word -> word.replace('+', ' ')).toArray(String[]::new);
    }
}
