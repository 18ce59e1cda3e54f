package org.veil.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.veil.http.ApiError;
import org.veil.http.JsonHttpServer.Answer;

/**
 * How the issuer's HTTP APIs (admin, wallet) answer a well-formed request: the route's result once what it wrote is
 * durable, a refusal as its one line, and a failure of ours logged here and answered with one line, never a trace.
 */
public final class DurableAnswer {
    /** A route's work: its status and the object to write as JSON. */
    @FunctionalInterface
    public interface Route {
        Answer run() throws SQLException, JsonProcessingException;
    }

    private final Issuer issuer;
    private final String api;
    private final Logger log;
    private final boolean traces;

    /** {@code traces}: log a failure with its stack trace; false where an exception's text might carry what a customer typed. */
    public DurableAnswer(Issuer issuer, String api, Logger log, boolean traces) {
        this.issuer = issuer;
        this.api = api;
        this.log = log;
        this.traces = traces;
    }

    /** {@code loggedPath} is the path as it may appear in the log (masked or cut short by the caller). */
    public Answer answer(String method, String loggedPath, Route route) {
        try {
            Answer a = route.run();
            issuer.groupCommit().awaitDurable(); // what the answer reports survives a crash
            return a;
        } catch (ApiError e) {
            return Answer.refusal(e);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) return Answer.error(409, "conflicting concurrent update, try again");
            failed(method, loggedPath, e, e.toString());
            return Answer.error(500, "database error (see the issuer log)");
        } catch (JsonProcessingException | RuntimeException e) {
            failed(method, loggedPath, e, e.getClass().getName());
            return Answer.error(500, "internal error (see the issuer log)");
        }
    }

    private void failed(String method, String loggedPath, Exception e, String briefly) {
        if (traces) log.error("{} {} /{} failed", api, method, loggedPath, e);
        else log.error("{} {} /{} failed: {}", api, method, loggedPath, briefly);
    }
}
