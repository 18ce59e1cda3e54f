package org.veil.storage.redo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process writing through the redo log, many times over, at random moments (while checkpoints hold new
 * transactions and while H2's threads write a checkpoint's snapshot too): after each restart every acknowledged transfer
 * must be there, and the ledger must add up.
 */
class RedoCrashTest {
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    /** The issuer's own settings (WRITE_DELAY above 0, which the redo log needs; its checkpoints then store instead). */
    static JdbcDataSource dataSource(Path db) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + db + ";WRITE_DELAY=500;LOCK_TIMEOUT=10000");
        return ds;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAcknowledgedTransferSurvivesKillNineAndTheLedgerAddsUp() throws Exception {
        Path db = dir.resolve("ledger");
        Set<Long> acknowledged = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            acknowledged.addAll(runAndKill(db, 300 + ThreadLocalRandom.current().nextInt(1200)));
            JdbcDataSource ds = dataSource(db);
            RedoLog.recover(ds, 0, 0);
            try (Connection c = ds.getConnection()) {
                Set<Long> stored = new HashSet<>(longs(c, "SELECT id FROM transfers"));
                List<Long> missing = acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
                assertEquals(0, missing.size(), "round " + round + ": of " + acknowledged.size() + " acknowledged transfers "
                        + missing.size() + " lost, the first " + missing.subList(0, Math.min(10, missing.size())));
                assertEquals(List.of(), longs(c, "SELECT a.id FROM accounts a WHERE a.debits <> (SELECT COALESCE(SUM(amount), 0)"
                        + " FROM transfers t WHERE t.debit_id = a.id) OR a.credits <> (SELECT COALESCE(SUM(amount), 0) FROM transfers t"
                        + " WHERE t.credit_id = a.id)"), "round " + round + ": accounts whose totals differ from their transfers");
                assertEquals(List.of(), longs(c, "SELECT t.id FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM requests r"
                        + " WHERE r.transfer_id = t.id)"), "round " + round + ": transfers without their request");
                assertEquals(List.of(), longs(c, "SELECT r.id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM transfers t"
                        + " WHERE t.id = r.transfer_id)"), "round " + round + ": requests without their transfer");
            }
        }
        assertTrue(acknowledged.size() > ROUNDS * 10, "the load ran: " + acknowledged.size() + " transfers acknowledged");
    }

    /** Starts the load, kills it with SIGKILL after {@code millis} of running, and returns the transfer ids it acknowledged. */
    private static List<Long> runAndKill(Path db, long millis) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classPath, RedoCrashLoad.class.getName(), db.toString(), "8", "150")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> acks = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line = in.readLine();
            assertEquals("ready", line, "the load did not start");
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                p.toHandle().destroyForcibly(); // SIGKILL, leaving our end of its output to be read to the end
            });
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ack ")) acks.add(Long.parseLong(line.substring(4)));
            }
            killer.join();
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return acks;
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }
}
