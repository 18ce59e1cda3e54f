package org.veil.issuer.topup;

import java.sql.SQLException;
import java.util.List;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;

/**
 * The wallet's /funding-sources and /top-ups resources, for a customer the wallet has already authenticated.
 * WalletRoutes hands these two heads here, so the wallet's own routes stay as they were.
 */
public final class TopUpRoutes {
    /** An answer: status and the object to write as JSON. */
    public record Reply(int status, Object body) {}

    private final TopUps topUps;

    public TopUpRoutes(TopUps topUps) {
        this.topUps = topUps;
    }

    public Reply route(String method, List<String> p, long customer, byte[] body) throws SQLException {
        String head = p.getFirst();
        if (head.equals("funding-sources")) {
            if (p.size() == 1) {
                if (method.equals("GET")) return new Reply(200, topUps.sources().list(customer));
                allow(method, "GET, POST");
                return new Reply(201, topUps.sources().add(customer, JsonBody.parse(body, "kind", "number", "expiry", "name", "iban", "accountNumber")));
            }
            if (p.size() == 2) {
                allow(method, "DELETE");
                return new Reply(200, topUps.sources().remove(customer, id(p.get(1), "funding source")));
            }
        } else if (head.equals("top-ups")) {
            if (p.size() == 1) {
                if (method.equals("GET")) return new Reply(200, topUps.list(customer));
                allow(method, "GET, POST");
                TopUps.Reply r = topUps.request(customer, JsonBody.parse(body, "card", "source", "amount", "reference"));
                return new Reply(r.status(), r.body());
            }
            if (p.size() == 2) {
                allow(method, "GET");
                return new Reply(200, topUps.show(customer, id(p.get(1), "top-up")));
            }
        }
        throw new ApiError(404, "no such resource " + ApiError.shown("/" + String.join("/", p))
                + " (funding sources and top-ups are /funding-sources, /funding-sources/{id}, /top-ups, /top-ups/{id})");
    }

    private static long id(String raw, String what) {
        if (raw.isEmpty() || raw.length() > 11 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9') || Long.parseLong(raw) < 1) {
            throw new ApiError(400, "a " + what + " is named by its id (a number), got " + ApiError.shown(raw));
        }
        return Long.parseLong(raw);
    }

    private static void allow(String method, String allowed) {
        if (!List.of(allowed.split(", ")).contains(method)) throw ApiError.methodNotAllowed(method, allowed);
    }
}
