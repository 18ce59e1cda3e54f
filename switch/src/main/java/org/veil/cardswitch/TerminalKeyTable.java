package org.veil.cardswitch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.veil.storage.GroupCommit;

/** Table terminal_keys: a terminal's working keys as they travel, under the TMK with their check values; never clear. */
final class TerminalKeyTable {
    /** One row: the TPK and TAK under the TMK (16 bytes each) with check values, and the TMK's check value. */
    record Row(byte[] tpkUnderTmk, String tpkKcv, byte[] takUnderTmk, String takKcv, String tmkKcv) {
        @Override
        public String toString() {
            return "TerminalKeys[TPK KCV " + tpkKcv + ", TAK KCV " + takKcv + ", TMK KCV " + tmkKcv + "]";
        }
    }

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private final DataSource ds;
    private final GroupCommit durability;

    TerminalKeyTable(DataSource ds, GroupCommit durability) {
        this.ds = ds;
        this.durability = durability;
    }

    /** The terminal's row, or null when it never changed keys. */
    Row find(String terminalId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tpk_under_tmk, tpk_kcv, tak_under_tmk, tak_kcv, tmk_kcv"
                     + " FROM terminal_keys WHERE terminal_id = ?")) {
            ps.setString(1, terminalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new Row(HEX.parseHex(rs.getString(1)), rs.getString(2), HEX.parseHex(rs.getString(3)), rs.getString(4), rs.getString(5));
            }
        }
    }

    /** Replaces the terminal's row and returns once it is on disk: the 0810 that announces the keys goes out after. */
    void save(String terminalId, Row row) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM terminal_keys WHERE terminal_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO terminal_keys (terminal_id, tpk_under_tmk, tpk_kcv,"
                         + " tak_under_tmk, tak_kcv, tmk_kcv, changed_at) VALUES (?,?,?,?,?,?,?)")) {
                del.setString(1, terminalId);
                del.executeUpdate();
                ins.setString(1, terminalId);
                ins.setString(2, HEX.formatHex(row.tpkUnderTmk()));
                ins.setString(3, row.tpkKcv());
                ins.setString(4, HEX.formatHex(row.takUnderTmk()));
                ins.setString(5, row.takKcv());
                ins.setString(6, row.tmkKcv());
                ins.setLong(7, System.currentTimeMillis());
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        durability.awaitDurable();
    }
}
