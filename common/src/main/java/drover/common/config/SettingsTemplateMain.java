package drover.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@link SettingsTemplate} to the file given: the dist build's conf/drover.properties. */
public final class SettingsTemplateMain {
    private SettingsTemplateMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SettingsTemplateMain OUTPUT_FILE");
        }
        Path output = Path.of(args[0]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, SettingsTemplate.text());
    }
}
