package drover.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TableSpecTest {
    @Test
    void declaredTablesAndAtomicsRoundTripThroughTheEffectiveSettings() throws ConfigException {
        Properties set = new Properties();
        set.setProperty("tables", " counters rows=4096 key=64 hits:long ;users rows=10  key=36 room:long name:bytes32");
        set.setProperty("atomics", "requests, errors");
        DroverConfig config = DroverConfig.fromProperties(set, "test");
        assertEquals(List.of("counters", "users"), config.tables().stream().map(TableSpec::name).toList());
        TableSpec users = config.tables().get(1);
        assertEquals(10, users.rows());
        assertEquals(36, users.keySize());
        assertEquals(new TableSpec.Column("name", ColumnType.BYTES, 32), users.columns().get(1));
        assertEquals(List.of("requests", "errors"), config.atomics());
        assertEquals(config, DroverConfig.fromProperties(config.toProperties(), "written back"));
    }

    @Test
    void aBadDeclarationRefusesTheStartNamingWhatIsWrong() {
        assertRefused("t rows=0 key=8 a:long", "rows=1..16777216");
        assertRefused("t rows=10 key=8", "expected rows=N, key=N and 1..64 columns");
        assertRefused("t rows=10 key=8 a:int", "column a has type 'int'");
        assertRefused("t rows=10 key=8 a:long a:double", "column a is declared twice");
        assertRefused("t rows=10 key=8 a:long; t rows=1 key=1 b:long", "table t is declared twice");
        assertRefused("T rows=10 key=8 a:long", "table name 'T'");
        assertRefused("t rows=10 key=8 a:bytes0", "bytesN with N 1..65536");
        Properties set = new Properties();
        set.setProperty("atomics", "ok,Bad");
        ConfigException e = assertThrows(ConfigException.class, () -> DroverConfig.fromProperties(set, "test"));
        assertTrue(e.getMessage().contains("atomic name 'Bad'"), e.getMessage());
    }

    @Test
    void aKeyLongerThanDeclaredIsRefused() {
        TableSpec spec = TableSpec.parseAll("t rows=1 key=3 a:long").get(0);
        assertEquals(3, spec.keyBytes("abc").length);
        assertThrows(IllegalArgumentException.class, () -> spec.keyBytes("abcd"));
        assertThrows(IllegalArgumentException.class, () -> spec.keyBytes("é"  + "é"));
    }

    private static void assertRefused(String tables, String expected) {
        Properties set = new Properties();
        set.setProperty("tables", tables);
        ConfigException e = assertThrows(ConfigException.class, () -> DroverConfig.fromProperties(set, "test"));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().startsWith("invalid tables"), e.getMessage());
    }
}
