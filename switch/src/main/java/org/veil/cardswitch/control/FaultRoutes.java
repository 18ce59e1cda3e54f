package org.veil.cardswitch.control;

import java.util.List;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;

/** The control API's resources: /faults and /faults/{id}. A request is answered or refused (ApiError) whole. */
final class FaultRoutes {
    /** An answer: status and the object to write as JSON. */
    record Reply(int status, Object body) {}

    static final long MAX_DELAY_MS = 60_000;
    static final long MAX_TIMES = 1_000_000;
    private static final int MAX_TERMINAL = 8;
    private static final int MAX_MERCHANT = 15;
    private final FaultBoard board;

    FaultRoutes(FaultBoard board) {
        this.board = board;
    }

    Reply route(String method, List<String> p, byte[] body) {
        if (!p.isEmpty() && p.getFirst().equals("faults")) {
            if (p.size() == 1) {
                return switch (method) {
                    case "GET" -> new Reply(200, board.list().stream().map(Fault::view).toList());
                    case "POST" -> new Reply(201, add(body).view());
                    case "DELETE" -> {
                        if (body.length > 0) JsonBody.parse(body); // optional, and then {} only
                        yield new Reply(200, Map.of("cleared", board.clear()));
                    }
                    default -> throw ApiError.methodNotAllowed(method, "GET, POST, DELETE");
                };
            }
            if (p.size() == 2) {
                if (!method.equals("DELETE")) throw ApiError.methodNotAllowed(method, "DELETE");
                long id = id(p.get(1));
                Fault f = board.remove(id);
                if (f == null) throw new ApiError(404, "no fault " + id + " (GET /faults lists them)");
                return new Reply(200, f.view());
            }
        }
        throw new ApiError(404, "no such resource " + ApiError.shown("/" + String.join("/", p))
                + " (the API has /faults and /faults/{id})");
    }

    private Fault add(byte[] body) {
        JsonBody in = JsonBody.parse(body, "terminal", "merchant", "kind", "delayMs", "times");
        boolean terminal = in.has("terminal");
        if (terminal == in.has("merchant")) {
            throw new ApiError(400, terminal ? "give 'terminal' or 'merchant', not both"
                    : "'terminal' (field 41) or 'merchant' (field 42) is required");
        }
        String target = terminal ? id(in.text("terminal"), "terminal", "field 41", MAX_TERMINAL)
                : id(in.text("merchant"), "merchant", "field 42", MAX_MERCHANT);
        String kindName = in.text("kind");
        FaultKind kind = FaultKind.of(kindName);
        if (kind == null) throw new ApiError(400, "unknown kind " + ApiError.shown(kindName) + " (expected " + FaultKind.NAMES + ")");
        long delayMs = 0;
        if (kind == FaultKind.DELAY) {
            delayMs = in.wholeNumber("delayMs", "milliseconds");
            if (delayMs < 1 || delayMs > MAX_DELAY_MS) {
                throw new ApiError(400, "'delayMs' must be 1 to " + MAX_DELAY_MS + " milliseconds, got " + delayMs);
            }
        } else if (in.has("delayMs")) {
            throw new ApiError(400, "'delayMs' goes with kind delay only, not " + kind.text());
        }
        Long times = in.optionalWholeNumber("times", "answers");
        if (times != null && (times < 1 || times > MAX_TIMES)) {
            throw new ApiError(400, "'times' must be 1 to " + MAX_TIMES + " answers, got " + times);
        }
        return board.add(terminal ? Fault.Scope.TERMINAL : Fault.Scope.MERCHANT, target, kind, delayMs,
                times == null ? null : times.intValue());
    }

    /** A terminal or merchant id as the journal keeps it: printable, no spaces, at most its field's length. */
    private static String id(String raw, String name, String field, int max) {
        if (raw.length() > max || !raw.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ApiError(400, "a " + name + " id (" + field + ") is 1 to " + max + " printable characters without spaces, got "
                    + ApiError.shown(raw));
        }
        return raw;
    }

    private static long id(String raw) {
        if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ApiError(400, "a fault id is a whole number, got " + ApiError.shown(raw));
        }
        return Long.parseLong(raw);
    }
}
