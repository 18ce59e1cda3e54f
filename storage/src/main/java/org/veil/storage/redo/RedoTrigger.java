package org.veil.storage.redo;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 row trigger the redo log puts on every table: hands each row written to the database's log, if one is
 * running (a tool that opens the database without it writes nothing here).
 */
public final class RedoTrigger implements Trigger {
    private String table;
    private int[] keyColumns;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        table = tableName;
        keyColumns = TableShape.read(conn, tableName).keyIndexes();
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        RedoLog log = RedoLog.runningFor(conn);
        if (log != null) log.capture(conn, table, oldRow, newRow, keyColumns);
    }
}
