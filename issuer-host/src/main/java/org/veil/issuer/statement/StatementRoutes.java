package org.veil.issuer.statement;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.sql.DataSource;
import org.jpos.util.NameRegistrar;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;

/** The admin API's /statements: run a day now, show a day's statements (with their text), show the mobile outbox. */
public final class StatementRoutes {
    /** An answer: status and the object to write as JSON. */
    public record Reply(int status, Object body) {}

    private final StatementsView view;

    public StatementRoutes(DataSource dataSource) {
        this.view = new StatementsView(dataSource);
    }

    /** POST /statements/run {"date"}, GET /statements/outbox, GET /statements/{date}. */
    public Reply route(String method, List<String> p, byte[] body) throws SQLException {
        if (p.size() == 2 && p.get(1).equals("run")) {
            if (!method.equals("POST")) throw ApiError.methodNotAllowed(method, "POST");
            LocalDate date = date(JsonBody.parse(body, "date").text("date"));
            StatementJob job = NameRegistrar.getIfExists(StatementJob.REGISTRY_NAME);
            if (job == null) throw new ApiError(503, "the statements service is not deployed (cfg/issuer/deploy/70_statements.xml)");
            return new Reply(200, job.run().run(date));
        }
        if (p.size() == 2 && p.get(1).equals("outbox")) {
            if (!method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
            return new Reply(200, view.outbox());
        }
        if (p.size() == 2) {
            if (!method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
            return new Reply(200, view.day(date(p.get(1))));
        }
        throw new ApiError(404, "no such resource (the API has POST /statements/run, GET /statements/{YYYY-MM-DD}, GET /statements/outbox)");
    }

    private static LocalDate date(String raw) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "a date is YYYY-MM-DD, got " + ApiError.shown(raw));
        }
    }
}
