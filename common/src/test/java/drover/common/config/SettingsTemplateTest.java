package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTemplateTest {
    @Test
    void namesEverySettingWithWhatItAccepts() {
        String text = SettingsTemplate.text();
        for (Setting setting : Setting.values()) {
            assertTrue(text.contains("\n#" + setting.key() + "="), "no commented line for " + setting.key());
            assertTrue(text.contains("# " + setting.key() + ": " + setting.description()), setting.key());
            assertTrue(text.contains("# accepted: " + setting.accepted()), setting.key());
        }
    }

    @Test
    void everyLineUncommentedAsItStandsGivesTheBuiltInDefaults() throws IOException, ConfigException {
        StringBuilder uncommented = new StringBuilder();
        for (String line : SettingsTemplate.text().split("\n")) {
            if (line.startsWith("#") && line.contains("=") && !line.startsWith("# ")) {
                String keyValue = line.substring(1);
                Setting setting = Setting.byKey(keyValue.substring(0, keyValue.indexOf('='))).orElseThrow();
                if (!setting.machineDefault()) { // the core counts, left empty, stay unset
                    uncommented.append(keyValue).append('\n');
                }
            }
        }
        Properties properties = new Properties();
        properties.load(new StringReader(uncommented.toString()));
        assertEquals(Setting.values().length - 2, properties.size(), "all but worker_num and reactor_num");
        assertEquals(DroverConfig.fromProperties(new Properties(), "nothing"),
                DroverConfig.fromProperties(properties, "the template"));
    }
}
