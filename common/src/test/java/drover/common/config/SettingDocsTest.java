package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingDocsTest {
    private static final Path DOC = Path.of("docs", "CONFIGURATION.md");

    // Tests run from the module folder, which sits somewhere below the folder holding docs/.
    private static Path findDoc() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DOC))) {
                return dir.resolve(DOC);
            }
        }
        throw new AssertionError(DOC + " not found in " + System.getProperty("user.dir") + " or any parent");
    }

    @Test
    void everySettingHasARowInTheReference() throws IOException {
        List<String> lines = Files.readAllLines(findDoc());
        for (Setting setting : Setting.values()) {
            String rowStart = "| `" + setting.key() + "` |";
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(rowStart)),
                    "docs/CONFIGURATION.md has no table row starting with " + rowStart);
        }
    }

    @Test
    void keysAreUniqueAndDescribed() {
        assertEquals(Setting.values().length,
                new HashSet<>(Arrays.stream(Setting.values()).map(Setting::key).toList()).size());
        for (Setting setting : Setting.values()) {
            assertEquals(setting, Setting.byKey(setting.key()).orElseThrow());
            assertFalse(setting.description().isBlank(), setting.key());
            assertFalse(setting.accepted().isBlank(), setting.key());
            assertFalse(setting.defaultText().isBlank(), setting.key());
        }
        assertTrue(Setting.byKey("WORKER_NUM").isEmpty(), "keys are case-sensitive");
    }
}
