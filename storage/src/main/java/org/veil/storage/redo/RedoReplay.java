package org.veil.storage.redo;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Applies, in log order, every logged transaction that was not aborted, each in one transaction. */
final class RedoReplay {
    private final Connection c;
    private final Map<String, TableShape> shapes = new HashMap<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, Long> highestIds = new HashMap<>();

    RedoReplay(Connection c) {
        this.c = c;
    }

    /** Returns how many transactions were applied. */
    int apply(List<RedoFile.Entry> entries) throws SQLException, IOException {
        Set<Long> aborted = entries.stream().filter(e -> e.kind() == RedoFile.ABORT).map(RedoFile.Entry::seq)
                .collect(Collectors.toCollection(HashSet::new));
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int applied = 0;
        try {
            for (RedoFile.Entry e : entries) {
                if (e.kind() != RedoFile.TRANSACTION || aborted.contains(e.seq())) continue;
                for (RowImages.Image image : RowImages.read(e.body())) apply(image);
                c.commit();
                applied++;
            }
            restartIdentities();
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            for (PreparedStatement ps : statements.values()) ps.close();
            c.setAutoCommit(auto);
        }
        return applied;
    }

    private void apply(RowImages.Image image) throws SQLException {
        TableShape shape = shape(image.table());
        int expected = image.op() == RowImages.UPSERT ? shape.columns().size() : shape.keyIndexes().length;
        if (image.values().length != expected) {
            throw new SQLException("redo log: a row of " + shape.table() + " has " + image.values().length
                    + " values, the table " + expected + " (was the schema changed under the log?)");
        }
        PreparedStatement ps = statements.computeIfAbsent(image.op() + shape.table(), k -> prepare(shape, image.op()));
        Object[] v = image.values();
        for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
        ps.executeUpdate();
        if (image.op() == RowImages.UPSERT && shape.identity() != null) {
            Object id = v[shape.columns().indexOf(shape.identity())];
            if (id instanceof Number n) highestIds.merge(shape.table(), n.longValue(), Math::max);
        }
    }

    private TableShape shape(String table) throws SQLException {
        TableShape s = shapes.get(table);
        if (s == null) {
            s = TableShape.read(c, table);
            shapes.put(table, s);
        }
        return s;
    }

    private PreparedStatement prepare(TableShape shape, byte op) {
        List<String> cols = shape.columns();
        String keys = IntStream.of(shape.keyIndexes()).mapToObj(i -> TableShape.quote(cols.get(i))).collect(Collectors.joining(", "));
        String sql = op == RowImages.UPSERT
                ? "MERGE INTO " + shape.quoted() + " (" + cols.stream().map(TableShape::quote).collect(Collectors.joining(", "))
                        + ") KEY (" + keys + ") VALUES (" + "?, ".repeat(cols.size() - 1) + "?)"
                : "DELETE FROM " + shape.quoted() + " WHERE " + IntStream.of(shape.keyIndexes())
                        .mapToObj(i -> TableShape.quote(cols.get(i)) + " = ?").collect(Collectors.joining(" AND "));
        try {
            return c.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("redo log: cannot prepare " + sql + ": " + e.getMessage(), e);
        }
    }

    /** An identity column whose rows were written with their logged ids goes on after the highest of them. */
    private void restartIdentities() throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, Long> e : highestIds.entrySet()) {
                TableShape shape = shapes.get(e.getKey());
                long next;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(" + TableShape.quote(shape.identity()) + "), 0) + 1 FROM " + shape.quoted())) {
                    rs.next();
                    next = Math.max(rs.getLong(1), e.getValue() + 1);
                }
                s.execute("ALTER TABLE " + shape.quoted() + " ALTER COLUMN " + TableShape.quote(shape.identity()) + " RESTART WITH " + next);
            }
        }
    }
}
