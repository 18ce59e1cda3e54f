package org.veil.issuer.statement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The default mobile channel: a message is written to the mobile_outbox table, which the admin API shows (GET /statements/outbox). */
public final class OutboxMobileSender implements MobileSender {
    private final DataSource dataSource;

    public OutboxMobileSender(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void send(String phone, String text) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO mobile_outbox (phone, body, created_at) VALUES (?,?,?)")) {
            ps.setString(1, phone);
            ps.setString(2, text);
            ps.setLong(3, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }
}
