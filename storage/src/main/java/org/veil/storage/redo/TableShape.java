package org.veil.storage.redo;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A table's columns in their stored order, which of them make its primary key, and its identity column if any. */
record TableShape(String table, List<String> columns, int[] keyIndexes, String identity) {

    static TableShape read(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> columns = new ArrayList<>();
        String identity = null;
        try (ResultSet rs = md.getColumns(null, "PUBLIC", table, null)) {
            TreeMap<Integer, String> byPosition = new TreeMap<>();
            while (rs.next()) {
                byPosition.put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                if ("YES".equals(rs.getString("IS_AUTOINCREMENT"))) identity = rs.getString("COLUMN_NAME");
            }
            columns.addAll(byPosition.values());
        }
        if (columns.isEmpty()) throw new SQLException("redo log: no table " + table);
        Map<Integer, String> keys = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(null, "PUBLIC", table)) {
            while (rs.next()) keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
        if (keys.isEmpty()) throw new SQLException("redo log: table " + table + " has no primary key, so its rows cannot be replayed");
        int[] keyIndexes = keys.values().stream().mapToInt(columns::indexOf).toArray();
        return new TableShape(table, List.copyOf(columns), keyIndexes, identity);
    }

    String quoted() {
        return quote(table);
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
