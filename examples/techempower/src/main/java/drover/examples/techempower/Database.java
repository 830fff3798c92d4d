package drover.examples.techempower;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The World and Fortune tables through a HikariCP pool of pgjdbc connections. Every method blocks
 * on the database, which is why the app runs in {@code worker_mode=virtual}.
 */
final class Database implements AutoCloseable {
    static final int WORLD_ROWS = 10_000;

    private static final String SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = ?";
    private static final String UPDATE_WORLD = "UPDATE world SET randomnumber = ? WHERE id = ?";
    private static final String SELECT_FORTUNES = "SELECT id, message FROM fortune";

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens the pool from the environment (the manager passes its own to the workers):
     * TFB_DB_URL, TFB_DB_USER, TFB_DB_PASSWORD, TFB_DB_POOL_SIZE; the defaults are TFB's.
     * Fails at once, naming the URL, when the database cannot be reached.
     */
    static Database open(Map<String, String> env) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(env.getOrDefault("TFB_DB_URL", "jdbc:postgresql://127.0.0.1:5432/hello_world"));
        config.setUsername(env.getOrDefault("TFB_DB_USER", "benchmarkdbuser"));
        config.setPassword(env.getOrDefault("TFB_DB_PASSWORD", "benchmarkdbpass"));
        config.setMaximumPoolSize(poolSize(env.get("TFB_DB_POOL_SIZE")));
        config.setMinimumIdle(config.getMaximumPoolSize());
        config.setPoolName("tfb");
        try {
            return new Database(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database pool on " + config.getJdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static int poolSize(String value) {
        if (value == null || value.isBlank()) {
            return 16;
        }
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= 1 && size <= 1000) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // refused below, with the value
        }
        throw new IllegalArgumentException("TFB_DB_POOL_SIZE=" + value + " is not a whole number in 1..1000");
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, WORLD_ROWS + 1);
    }

    World randomWorld() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_WORLD)) {
            return read(select, randomId());
        }
    }

    /** count rows, each read by a query of its own (TFB's rule for the queries test). */
    List<World> randomWorlds(int count) throws SQLException {
        List<World> worlds = new ArrayList<>(count);
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_WORLD)) {
            for (int i = 0; i < count; i++) {
                worlds.add(read(select, randomId()));
            }
        }
        return worlds;
    }

    /**
     * count distinct rows, each read by a query of its own, given a new random number and written
     * back in one batch. The batch goes in id order, so concurrent requests lock rows in the same
     * order and never deadlock; distinct ids make each answered value the one left in the table.
     */
    List<World> updateRandomWorlds(int count) throws SQLException {
        List<World> updated = new ArrayList<>(count);
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_WORLD);
             PreparedStatement update = connection.prepareStatement(UPDATE_WORLD)) {
            for (int id : distinctRandomIds(count)) {
                World read = read(select, id);
                updated.add(new World(read.id(), randomId()));
            }
            List<World> inIdOrder = new ArrayList<>(updated);
            inIdOrder.sort(Comparator.comparingInt(World::id));
            for (World world : inIdOrder) {
                update.setInt(1, world.randomNumber());
                update.setInt(2, world.id());
                update.addBatch();
            }
            update.executeBatch();
        }
        return updated;
    }

    List<Fortune> fortunes() throws SQLException {
        List<Fortune> fortunes = new ArrayList<>(16);
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT_FORTUNES);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                fortunes.add(new Fortune(rows.getInt(1), rows.getString(2)));
            }
        }
        return fortunes;
    }

    private static int[] distinctRandomIds(int count) {
        int[] ids = new int[count];
        java.util.BitSet taken = new java.util.BitSet(WORLD_ROWS + 1);
        for (int i = 0; i < count; ) {
            int id = randomId();
            if (!taken.get(id)) {
                taken.set(id);
                ids[i++] = id;
            }
        }
        return ids;
    }

    private static World read(PreparedStatement select, int id) throws SQLException {
        select.setInt(1, id);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("no World row with id " + id + ": is the table loaded (10,000 rows)?");
            }
            return new World(row.getInt(1), row.getInt(2));
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
