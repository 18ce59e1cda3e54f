package org.veil.issuer.statement;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What the admin API shows: a day's statement records with their text, and the mobile outbox. Contacts masked in lists. */
public final class StatementsView {
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    private final DataSource dataSource;

    public StatementsView(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Map<String, Object>> day(LocalDate date) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, zone, channel, destination, status, attempts, last_error, sent_at, body"
                     + " FROM statements WHERE statement_date = ? ORDER BY id")) {
            ps.setDate(1, Date.valueOf(date));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("date", date.toString());
                    m.put("zone", rs.getString(2));
                    m.put("channel", rs.getString(3));
                    m.put("to", rs.getString(4));
                    m.put("status", rs.getString(5));
                    m.put("attempts", rs.getInt(6));
                    m.put("error", rs.getString(7));
                    long sent = rs.getLong(8);
                    m.put("sentAt", rs.wasNull() ? null : Instant.ofEpochMilli(sent).toString());
                    m.put("text", rs.getString(9));
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** The mobile outbox, newest first (at most 100): the messages themselves, for whatever delivers them. */
    public List<Map<String, Object>> outbox() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, phone, created_at, body FROM mobile_outbox ORDER BY id DESC")) {
            ps.setMaxRows(100);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("phone", rs.getString(2));
                    m.put("createdAt", Instant.ofEpochMilli(rs.getLong(3)).toString());
                    m.put("text", rs.getString(4));
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** An e-mail address or phone number as lists show it: a***@example.com, +44*******89. */
    public static String mask(String contact) {
        if (contact == null) return null;
        int at = contact.indexOf('@');
        if (at > 0) return contact.charAt(0) + "***" + contact.substring(at);
        if (contact.length() <= 5) return "*".repeat(contact.length());
        return contact.substring(0, 3) + "*".repeat(contact.length() - 5) + contact.substring(contact.length() - 2);
    }
}
