package org.veil.issuer.wallet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.security.PasswordHash;

/**
 * Registration, login and password reset. Every failed login or recovery answer costs one full Argon2id verify, against
 * a dummy hash when the id is unknown, so the time taken tells nothing about which customer ids exist.
 */
final class CustomerAccounts {
    private static final String LOGIN_FAILED = "wrong customer id or password";
    private static final String RESET_FAILED = "wrong customer id or recovery answer (or no recovery question was set)";
    private final DataSource dataSource;
    private final Sessions sessions;
    private final LoginThrottle throttle = new LoginThrottle();
    private final String dummyHash = PasswordHash.hash("not-a-password-of-anybody".toCharArray());

    CustomerAccounts(DataSource dataSource, Sessions sessions) {
        this.dataSource = dataSource;
        this.sessions = sessions;
    }

    Map<String, Object> register(JsonBody in) throws SQLException {
        String id = Registration.customerId(in.text("customerId"));
        String password = in.text("password");
        Registration.password(password, id);
        String nickname = Registration.printable("nickname", in.optionalText("nickname"), 64);
        String email = Registration.email(in.optionalText("email"));
        String phone = Registration.phone(in.optionalText("phone"));
        String question = Registration.printable("recoveryQuestion", in.optionalText("recoveryQuestion"), 200);
        String answer = in.optionalText("recoveryAnswer");
        if ((question == null) != (answer == null)) throw new ApiError(400, "'recoveryQuestion' and 'recoveryAnswer' go together: give both or neither");
        String answerHash = answer == null ? null : PasswordHash.hash(Registration.normalisedAnswer(answer).toCharArray());
        String passwordHash = PasswordHash.hash(password.toCharArray());
        try (Connection c = dataSource.getConnection()) {
            if (find(c, id) != null) throw new ApiError(409, "that customer id is taken: choose another");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, password_hash, nickname, email, phone,"
                    + " recovery_question, recovery_answer_hash, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, passwordHash);
                ps.setString(3, nickname);
                ps.setString(4, email);
                ps.setString(5, phone);
                ps.setString(6, question);
                ps.setString(7, answerHash);
                ps.setLong(8, System.currentTimeMillis());
                ps.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) throw new ApiError(409, "that customer id is taken: choose another");
                throw e;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customerId", id);
        out.put("nickname", nickname);
        out.put("email", email);
        out.put("phone", phone);
        out.put("recoveryQuestion", question);
        return out;
    }

    Map<String, Object> login(JsonBody in) throws SQLException {
        String id = in.text("customerId");
        String password = in.text("password");
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            throttle.check(c, key(id), now);
            Stored s = find(c, id);
            if (!PasswordHash.verify(password.toCharArray(), s == null ? dummyHash : s.passwordHash) || s == null) {
                throttle.failed(c, key(id), now);
                throw new ApiError(401, LOGIN_FAILED);
            }
            throttle.succeeded(c, key(id), now);
            Sessions.Opened session = sessions.open(c, s.row, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", session.token());
            out.put("expiresAt", java.time.Instant.ofEpochMilli(session.expiresAt()).toString());
            return out;
        }
    }

    /** A new password through the recovery answer; every session of the customer ends. */
    Map<String, Object> resetPassword(String id, JsonBody in) throws SQLException {
        String answer = in.text("recoveryAnswer");
        String password = in.text("password");
        Registration.password(password, id);
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            throttle.check(c, key(id), now);
            Stored s = find(c, id);
            String stored = s == null || s.answerHash == null ? dummyHash : s.answerHash;
            String normalised = answer.strip().toLowerCase(java.util.Locale.ROOT);
            if (!PasswordHash.verify(normalised.toCharArray(), stored) || s == null || s.answerHash == null) {
                throttle.failed(c, key(id), now);
                throw new ApiError(403, RESET_FAILED);
            }
            String hash = PasswordHash.hash(password.toCharArray());
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET password_hash = ? WHERE id = ?")) {
                    ps.setString(1, hash);
                    ps.setLong(2, s.row);
                    ps.executeUpdate();
                }
                sessions.closeAll(c, s.row, now);
                throttle.succeeded(c, key(id), now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return Map.of("reset", true);
    }

    /** The question a customer set, for the reset form; the same 404 for an unknown id and one without a question. */
    Map<String, Object> recoveryQuestion(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Stored s = find(c, id);
            if (s == null || s.question == null) throw new ApiError(404, "no recovery question for that customer id");
            return Map.of("recoveryQuestion", s.question);
        }
    }

    /** The throttle's key: an id too long to be registered still counts, under its first 64 characters. */
    private static String key(String id) {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private record Stored(long row, String passwordHash, String answerHash, String question) {}

    private static Stored find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, password_hash, recovery_answer_hash, recovery_question FROM customers"
                + " WHERE customer_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }
}
