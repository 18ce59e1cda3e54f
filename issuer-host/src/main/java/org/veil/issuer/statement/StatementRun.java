package org.veil.issuer.statement;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.ApiError;
import org.veil.issuer.card.ProductCatalog;

/**
 * Sends one day's statements: each customer with a contact (e-mail first, else phone) whose cards moved that day gets
 * one, once: the statements row (unique per customer and day) records it, so a rerun sends nothing twice and retries
 * only what failed. One run at a time. A send that succeeds but is not recorded (a crash in between) is sent again.
 */
public final class StatementRun {
    public static final String EMAIL = "EMAIL";
    public static final String MOBILE = "MOBILE";
    private static final Logger LOG = LoggerFactory.getLogger(StatementRun.class);
    private final DataSource dataSource;
    private final StatementBuilder builder;
    private final MailSender mail;
    private final MobileSender mobile;
    private final ZoneId zone;

    StatementRun(DataSource dataSource, ProductCatalog products, MailSender mail, MobileSender mobile, ZoneId zone) {
        this.dataSource = dataSource;
        this.builder = new StatementBuilder(products);
        this.mail = mail;
        this.mobile = mobile;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    private record Customer(long row, String nickname, String email, String phone) {}

    /** Runs the day's statements now; the report lists what this run sent or failed to send, with the text. */
    public synchronized Map<String, Object> run(LocalDate date) throws SQLException {
        if (date.isAfter(LocalDate.now(zone))) throw new ApiError(400, "no statement for " + date + ": that day has not begun in " + zone);
        int sent = 0, already = 0, failed = 0, quiet = 0, noContact;
        List<Map<String, Object>> done = new ArrayList<>();
        List<Customer> customers = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customers WHERE email IS NULL AND phone IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                noContact = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, nickname, email, phone FROM customers"
                    + " WHERE email IS NOT NULL OR phone IS NOT NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) customers.add(new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
            for (Customer cu : customers) {
                String status = status(c, cu.row, date);
                if (StatementsView.SENT.equals(status)) {
                    already++;
                    continue;
                }
                Statement s = builder.build(c, cu.row, cu.nickname, date, zone);
                if (s == null) {
                    quiet++;
                    continue;
                }
                String text = StatementText.render(s);
                String channel = cu.email != null ? EMAIL : MOBILE;
                String to = cu.email != null ? cu.email : cu.phone;
                String error = null;
                try {
                    if (channel.equals(EMAIL)) mail.send(to, StatementText.subject(s), text);
                    else mobile.send(to, text);
                } catch (Exception e) {
                    error = oneLine(e);
                    LOG.warn("statement of {} by {} to {} not sent: {}", date, channel, StatementsView.mask(to), error);
                }
                long id = record(c, cu.row, date, channel, StatementsView.mask(to), status != null, error, text);
                if (error == null) sent++; else failed++;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("channel", channel);
                m.put("to", StatementsView.mask(to));
                m.put("status", error == null ? StatementsView.SENT : StatementsView.FAILED);
                m.put("cards", s.cards().size());
                m.put("entries", s.entryCount());
                m.put("error", error);
                m.put("text", text);
                done.add(m);
            }
        }
        LOG.info("statements of {} ({}): {} sent, {} already sent, {} failed", date, zone, sent, already, failed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", date.toString());
        out.put("zone", zone.getId());
        out.put("sent", sent);
        out.put("alreadySent", already);
        out.put("failed", failed);
        out.put("withoutTransactions", quiet);
        out.put("withoutContact", noContact);
        out.put("statements", done);
        return out;
    }

    private static String status(Connection c, long customer, LocalDate date) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM statements WHERE customer = ? AND statement_date = ?")) {
            ps.setLong(1, customer);
            ps.setDate(2, Date.valueOf(date));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long record(Connection c, long customer, LocalDate date, String channel, String to, boolean exists, String error, String text)
            throws SQLException {
        long now = System.currentTimeMillis();
        String status = error == null ? StatementsView.SENT : StatementsView.FAILED;
        if (!exists) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO statements (customer, statement_date, zone, channel, destination,"
                    + " status, attempts, last_error, body, created_at, sent_at) VALUES (?,?,?,?,?,?,1,?,?,?,?)", new String[] {"id"})) {
                ps.setLong(1, customer);
                ps.setDate(2, Date.valueOf(date));
                ps.setString(3, zone.getId());
                ps.setString(4, channel);
                ps.setString(5, to);
                ps.setString(6, status);
                ps.setString(7, error);
                ps.setString(8, text);
                ps.setLong(9, now);
                if (error == null) ps.setLong(10, now); else ps.setNull(10, java.sql.Types.BIGINT);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE statements SET channel = ?, destination = ?, status = ?, attempts = attempts + 1,"
                + " last_error = ?, body = ?, sent_at = ? WHERE customer = ? AND statement_date = ?")) {
            ps.setString(1, channel);
            ps.setString(2, to);
            ps.setString(3, status);
            ps.setString(4, error);
            ps.setString(5, text);
            if (error == null) ps.setLong(6, now); else ps.setNull(6, java.sql.Types.BIGINT);
            ps.setLong(7, customer);
            ps.setDate(8, Date.valueOf(date));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM statements WHERE customer = ? AND statement_date = ?")) {
            ps.setLong(1, customer);
            ps.setDate(2, Date.valueOf(date));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip().lines().findFirst().orElse("");
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
