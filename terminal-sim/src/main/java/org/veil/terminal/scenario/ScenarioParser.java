package org.veil.terminal.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.veil.packagers.Dialect;
import org.veil.terminal.MacMode;
import org.veil.terminal.PinMode;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads and checks a scenario file (format v1): a bad one gives one line naming the file and the problem. */
final class ScenarioParser {
    static final Set<String> BUILT_INS = Set.of("now", "stan", "rrn", "run");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern MTI = Pattern.compile("\\d{4}");
    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final List<String> TOP_KEYS = List.of("name", "description", "dialect", "vars", "steps");
    private static final List<String> KINDS = List.of("send", "admin", "switch", "sleep-ms");
    private static final int MAX_INCLUDE_DEPTH = 5;
    private static final List<String> COMMON_KEYS = List.of("id", "name", "timeout-ms");
    private static final List<String> SEND_KEYS = List.of("mti", "dialect", "from", "fields", "pin", "pin-mode", "mac");
    private static final Pattern PIN = Pattern.compile("\\d{4,12}");
    private static final List<String> EXPECT_KEYS = List.of("mti", "fields", "answer", "answers", "closed", "min-ms");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final long MAX_SLEEP_MS = 60_000;
    private static final long MAX_TIMEOUT_MS = 600_000;
    private static final int MAX_ANSWERS = 100;

    /** A problem found while checking; the parser adds the file name. */
    private static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message, null, false, false);
        }
    }

    private ScenarioParser() {}

    static List<Scenario> parse(Path file) throws BadScenarioFile {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new BadScenarioFile(file.toString(), "is not UTF-8 text");
        } catch (IOException e) {
            throw new BadScenarioFile(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parse(file, text);
    }

    /**
     * The file's text checked as a scenario; {@code file} is where it came from (JSON when it ends in .json, and
     * includes are found beside it). One scenario per dialect when {@code dialect} is a list.
     */
    static List<Scenario> parse(Path file, String text) throws BadScenarioFile {
        Object document = load(file, text);
        try {
            return scenarios(file, document);
        } catch (Problem | IllegalArgumentException e) {
            throw new BadScenarioFile(file.toString(), e.getMessage());
        }
    }

    private static Object load(Path file, String text) throws BadScenarioFile {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try {
            return json ? STRICT_JSON.readValue(text, Object.class) : ScenarioYaml.create().load(text);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() == null ? "malformed" : firstLine(e.getOriginalMessage());
            throw new BadScenarioFile(file.toString(), "is not valid JSON" + at + ": " + why);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String at = m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            String why = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new BadScenarioFile(file.toString(), "is not valid YAML" + at + ": " + firstLine(why) + context);
        } catch (YAMLException e) {
            throw new BadScenarioFile(file.toString(), "is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static List<Scenario> scenarios(Path file, Object document) {
        if (document == null) throw new Problem("is empty (a scenario needs at least name and steps)");
        Map<String, Object> top = map(document, "the file", "a map with name, steps and optionally description, dialect, vars");
        keys(top, "the file", TOP_KEYS);
        String name = oneLine(top.get("name"), "name");
        if (name == null || name.isBlank()) throw new Problem("name is required (one line)");
        Object description = top.get("description");
        if (description != null && !(description instanceof String)) throw new Problem("description must be text");
        List<Dialect> dialects = dialects(top);
        Map<String, Object> vars = vars(top.get("vars"));
        Object rawSteps = top.get("steps");
        if (!(rawSteps instanceof List<?> list) || list.isEmpty()) throw new Problem("steps is required: a list of at least one step");
        List<Located> located = new ArrayList<>();
        expand(file, list, "", 0, located);
        List<Scenario> out = new ArrayList<>();
        for (Dialect dialect : dialects) {
            // the same file in several dialects: each run is named for its dialect so reports tell them apart
            String shown = dialects.size() == 1 ? name.strip() : name.strip() + " [" + dialect + "]";
            out.add(new Scenario(file, shown, description == null ? null : (String) description, dialect,
                    Collections.unmodifiableMap(vars), steps(located, vars, dialect)));
        }
        return List.copyOf(out);
    }

    private static List<Dialect> dialects(Map<String, Object> top) {
        if (!top.containsKey("dialect")) return List.of(Dialect.TERMINAL);
        if (!(top.get("dialect") instanceof List<?> list)) return List.of(dialect(top.get("dialect"), "dialect"));
        if (list.isEmpty()) throw new Problem("dialect: an empty list (give TERMINAL, VAN or both)");
        List<Dialect> out = new ArrayList<>();
        for (Object d : list) {
            Dialect one = dialect(d, "dialect");
            if (out.contains(one)) throw new Problem("dialect: " + one + " is listed twice");
            out.add(one);
        }
        return out;
    }

    /** A raw step and where it was written, for messages: "step 3" or "step 1 (include x.yml, step 2)". */
    private record Located(Object raw, String where) {}

    /** Steps in order with each {@code include: FILE} (a YAML list of steps, relative to the including file) in its place. */
    private static void expand(Path file, List<?> raw, String within, int depth, List<Located> out) {
        for (int i = 0; i < raw.size(); i++) {
            Object step = raw.get(i);
            String where = within.isEmpty() ? "step " + (i + 1) : within + ", step " + (i + 1) + ")";
            if (!(step instanceof Map<?, ?> m) || !m.containsKey("include")) {
                out.add(new Located(step, where));
                continue;
            }
            if (m.size() != 1) throw new Problem(where + ": include stands alone in its step (no other keys)");
            if (!(m.get("include") instanceof String name) || name.isBlank()) throw new Problem(where + ": include must be a file path");
            if (depth >= MAX_INCLUDE_DEPTH) throw new Problem(where + ": includes nested deeper than " + MAX_INCLUDE_DEPTH + " (a cycle?)");
            Path included = file.toAbsolutePath().getParent().resolve(name).normalize();
            Object document;
            try {
                document = ScenarioYaml.create().load(Files.readString(included));
            } catch (IOException e) {
                throw new Problem(where + ": include " + name + " cannot be read (" + e.getClass().getSimpleName() + ")");
            } catch (YAMLException e) {
                throw new Problem(where + ": include " + name + " is not valid YAML: " + firstLine(e.getMessage()));
            }
            if (!(document instanceof List<?> steps) || steps.isEmpty()) {
                throw new Problem(where + ": include " + name + " must hold a list of at least one step");
            }
            String prefix = where.endsWith(")") ? where.substring(0, where.length() - 1) : where;
            expand(included, steps, prefix + " (include " + name, depth + 1, out);
        }
    }

    private static List<ScenarioStep> steps(List<Located> located, Map<String, Object> vars, Dialect dialect) {
        List<ScenarioStep> steps = new ArrayList<>();
        Map<String, ScenarioStep> byId = new HashMap<>();
        for (Located l : located) {
            String where = l.where();
            if (l.raw() instanceof Map<?, ?> m && m.get("id") instanceof String id) where += " (" + id + ")";
            try {
                ScenarioStep step = step(l.raw(), byId, dialect);
                if (step.id() != null) {
                    if (vars.containsKey(step.id())) throw new Problem("id " + step.id() + " is also the name of a var");
                    if (byId.putIfAbsent(step.id(), step) != null) throw new Problem("id " + step.id() + " is used by an earlier step");
                }
                steps.add(step);
            } catch (Problem | IllegalArgumentException e) {
                throw new Problem(where + ": " + e.getMessage());
            }
        }
        return List.copyOf(steps);
    }

    private static Map<String, Object> vars(Object raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (raw == null) return out;
        Map<String, Object> vars = map(raw, "vars", "a map of NAME: value");
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) throw new Problem("vars: '" + name + "' is not a valid name (letters, digits, _ and -, no dots)");
            if (BUILT_INS.contains(name)) throw new Problem("vars: " + name + " is a built-in variable and cannot be redefined");
            Object v = e.getValue();
            if (v == null || v instanceof Map || v instanceof List) throw new Problem("vars: " + name + " must be a text, number or true/false");
            if (v instanceof String s) checkTemplate(s, "vars: " + name);
            out.put(name, v);
        }
        return out;
    }

    private static ScenarioStep step(Object raw, Map<String, ScenarioStep> earlier, Dialect scenarioDialect) {
        Map<String, Object> m = map(raw, "a step", "a map with one of send, admin, switch or sleep-ms");
        List<String> kinds = KINDS.stream().filter(m::containsKey).toList();
        if (kinds.isEmpty()) throw new Problem("needs one of send, admin, switch or sleep-ms");
        if (kinds.size() > 1) throw new Problem("has both " + kinds.get(0) + " and " + kinds.get(1) + " (one kind per step)");
        String kind = kinds.getFirst();
        List<String> allowed = new ArrayList<>(COMMON_KEYS);
        allowed.add(kind);
        switch (kind) {
            case "send" -> allowed.add("expect");
            case "admin", "switch" -> allowed.addAll(List.of("body", "status", "expect"));
            default -> { }
        }
        keys(m, "the step", allowed);
        String id = null;
        if (m.containsKey("id")) {
            if (!(m.get("id") instanceof String s) || !NAME.matcher(s).matches()) {
                throw new Problem("id must be a name (letters, digits, _ and -, no dots)");
            }
            if (BUILT_INS.contains(s)) throw new Problem("id " + s + " is a built-in variable");
            id = s;
        }
        String name = oneLine(m.get("name"), "name");
        Long timeout = m.containsKey("timeout-ms") ? whole(m.get("timeout-ms"), "timeout-ms", 1, MAX_TIMEOUT_MS) : null;
        return switch (kind) {
            case "send" -> send(id, name, timeout, m, earlier, scenarioDialect);
            case "admin" -> http(id, name, timeout, m, ControlApi.ADMIN);
            case "switch" -> http(id, name, timeout, m, ControlApi.SWITCH);
            default -> {
                long ms = whole(m.get("sleep-ms"), "sleep-ms", 0, MAX_SLEEP_MS);
                yield new ScenarioStep.Sleep(id, name != null ? name : "sleep " + ms + " ms", timeout, ms);
            }
        };
    }

    private static ScenarioStep.Send send(String id, String name, Long timeout, Map<String, Object> step,
                                          Map<String, ScenarioStep> earlier, Dialect scenarioDialect) {
        Map<String, Object> send = map(step.get("send"), "send", "a map with mti, fields and optionally dialect, from");
        keys(send, "send", SEND_KEYS);
        ScenarioStep.Send from = null;
        if (send.containsKey("from")) {
            if (!(send.get("from") instanceof String f)) throw new Problem("send.from must be the id of an earlier send step");
            if (!(earlier.get(f) instanceof ScenarioStep.Send s)) {
                throw new Problem("send.from: no earlier send step has id " + f);
            }
            from = s;
        }
        String mti = null;
        if (send.containsKey("mti")) {
            mti = Values.text(send.get("mti"));
            checkTemplate(mti, "send.mti");
            if (!Template.hasReference(mti) && !MTI.matcher(mti).matches()) throw new Problem("send.mti must be 4 digits, got '" + mti + "' (quote it: \"0200\")");
        } else if (from == null) {
            throw new Problem("send.mti is required (or send.from an earlier step)");
        }
        Dialect dialect = send.containsKey("dialect") ? dialect(send.get("dialect"), "send.dialect") : null;
        Map<Integer, Object> fields = new LinkedHashMap<>();
        if (send.containsKey("fields")) {
            for (Map.Entry<String, Object> e : map(send.get("fields"), "send.fields", "a map of field number: value").entrySet()) {
                int n = fieldNumber(e.getKey(), "send.fields");
                fields.put(n, fieldValue(n, e.getValue(), "send.fields." + n));
            }
        }
        AnswerExpectation expect = step.containsKey("expect") ? expectation(step.get("expect")) : AnswerExpectation.anyAnswer();
        String shownMti = mti;
        for (ScenarioStep.Send s = from; shownMti == null && s != null; s = (ScenarioStep.Send) earlier.get(s.from())) {
            shownMti = s.mti();
        }
        String title = name != null ? name : shownMti + " → " + outcomeTitle(expect);
        Dialect effective = dialect != null ? dialect : from != null ? from.dialect() : scenarioDialect;
        return new ScenarioStep.Send(id, title, timeout, mti, effective,
                from == null ? null : from.id(), Collections.unmodifiableMap(fields), expect, security(send, from));
    }

    /** pin, pin-mode and mac of a send step; the mac of {@code from} carries over (its field 64 would be stale). */
    private static ScenarioStep.Security security(Map<String, Object> send, ScenarioStep.Send from) {
        String pin = null;
        if (send.containsKey("pin")) {
            Object raw = send.get("pin");
            if (raw == null || raw instanceof Map || raw instanceof List) throw new Problem("send.pin must be text, e.g. \"1234\"");
            pin = Values.text(raw);
            checkTemplate(pin, "send.pin");
            if (!Template.hasReference(pin) && !PIN.matcher(pin).matches()) throw new Problem("send.pin must be 4 to 12 digits (quote it: \"0123\")");
        }
        PinMode pinMode = null;
        if (send.containsKey("pin-mode")) {
            if (pin == null) throw new Problem("send.pin-mode goes with send.pin");
            try {
                pinMode = PinMode.parse(String.valueOf(send.get("pin-mode")));
            } catch (IllegalArgumentException e) {
                throw new Problem("send.pin-mode " + e.getMessage());
            }
        }
        MacMode mac = from != null && from.security() != null ? from.security().mac() : MacMode.NONE;
        if (send.containsKey("mac")) {
            try {
                mac = MacMode.parse(String.valueOf(send.get("mac")));
            } catch (IllegalArgumentException e) {
                throw new Problem("send.mac " + e.getMessage());
            }
        }
        return pin == null && mac == MacMode.NONE && !send.containsKey("mac") ? null : new ScenarioStep.Security(pin, pinMode, mac);
    }

    private static String outcomeTitle(AnswerExpectation e) {
        return switch (e.outcome()) {
            case NONE -> "no answer";
            case CLOSED -> "connection closed";
            case ANSWER -> {
                String one = e.mti() instanceof FieldExpectation.Exact x ? x.template() : "answer";
                yield e.count() == 1 ? one : e.count() + " × " + one;
            }
        };
    }

    private static Object fieldValue(int field, Object v, String where) {
        if (v == null) return null;
        if (v instanceof Map<?, ?> && field == 48) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map(v, where, "a map of 2-character tag: value").entrySet()) {
                if (e.getKey().length() != 2) throw new Problem(where + ": tag '" + e.getKey() + "' must be 2 characters");
                Object sub = e.getValue();
                if (sub == null || sub instanceof Map || sub instanceof List) throw new Problem(where + "." + e.getKey() + " must be a text or number");
                String text = Values.text(sub);
                checkTemplate(text, where + "." + e.getKey());
                if (text.length() > 999) throw new Problem(where + "." + e.getKey() + " is longer than 999 characters");
                out.put(e.getKey(), text);
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof Map || v instanceof List) {
            throw new Problem(where + " must be a text or number" + (field == 48 ? " (or a map of tags)" : ""));
        }
        String text = Values.text(v);
        checkTemplate(text, where);
        if (FieldText.BINARY.contains(field) && !Template.hasReference(text)
                && (text.length() % 2 != 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0))) {
            throw new Problem(where + " is binary: write it as an even number of hex digits");
        }
        return text;
    }

    private static AnswerExpectation expectation(Object raw) {
        Map<String, Object> m = map(raw, "expect", "a map with mti, fields, answer, answers or closed");
        keys(m, "expect", EXPECT_KEYS);
        boolean none = m.containsKey("answer");
        boolean closed = m.containsKey("closed");
        if (none && !"none".equals(m.get("answer"))) throw new Problem("expect.answer can only be none (no answer expected)");
        if (closed && !Boolean.TRUE.equals(m.get("closed"))) throw new Problem("expect.closed can only be true");
        if (none || closed) {
            String key = none ? "answer: none" : "closed: true";
            for (String other : List.of("mti", "fields", "answers", "min-ms", none ? "closed" : "answer")) {
                if (m.containsKey(other)) throw new Problem("expect." + other + " cannot go with " + key + " (no answer to check)");
            }
            return new AnswerExpectation(none ? AnswerExpectation.Outcome.NONE : AnswerExpectation.Outcome.CLOSED, 0, 0, null, Map.of());
        }
        int count = m.containsKey("answers") ? (int) whole(m.get("answers"), "expect.answers", 1, MAX_ANSWERS) : 1;
        long minMs = m.containsKey("min-ms") ? whole(m.get("min-ms"), "expect.min-ms", 0, MAX_TIMEOUT_MS) : 0;
        FieldExpectation mti = null;
        if (m.containsKey("mti")) mti = matcher(m.get("mti"), "expect.mti", false);
        Map<Integer, FieldExpectation> fields = new LinkedHashMap<>();
        if (m.containsKey("fields")) {
            for (Map.Entry<String, Object> e : map(m.get("fields"), "expect.fields", "a map of field number: matcher").entrySet()) {
                int n = fieldNumber(e.getKey(), "expect.fields");
                fields.put(n, matcher(e.getValue(), "expect.fields." + n, true));
            }
        }
        return new AnswerExpectation(AnswerExpectation.Outcome.ANSWER, count, minMs, mti, Collections.unmodifiableMap(fields));
    }

    private static ScenarioStep.Http http(String id, String name, Long timeout, Map<String, Object> step, ControlApi api) {
        if (!(step.get(api.key) instanceof String call)) throw new Problem(api.key + " must be \"METHOD /path\", e.g. \"POST /cards\"");
        String[] parts = call.strip().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) throw new Problem(api.key + " must be \"METHOD /path\", e.g. \"POST /cards\", got '" + call + "'");
        String method = parts[0].toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) throw new Problem(api.key + ": unknown method " + parts[0] + " (expected GET, POST, PUT, PATCH or DELETE)");
        checkTemplate(parts[1], api.key);
        Object body = step.get("body");
        if (step.containsKey("body")) {
            if (!(body instanceof Map)) throw new Problem("body must be a JSON object (a map)");
            checkTemplates(body, "body");
        }
        Integer status = step.containsKey("status") ? (int) whole(step.get("status"), "status", 100, 599) : null;
        Map<String, FieldExpectation> expect = new LinkedHashMap<>();
        if (step.containsKey("expect")) {
            for (Map.Entry<String, Object> e : map(step.get("expect"), "expect", "a map of JSON path: matcher").entrySet()) {
                try {
                    JsonPath.parse(e.getKey());
                } catch (IllegalArgumentException bad) {
                    throw new Problem("expect: " + bad.getMessage());
                }
                expect.put(e.getKey(), matcher(e.getValue(), "expect." + e.getKey(), false));
            }
        }
        String title = name != null ? name : api.key + " " + method + " " + parts[1];
        return new ScenarioStep.Http(id, title, timeout, api, method, parts[1], body, status, Collections.unmodifiableMap(expect));
    }

    private static FieldExpectation matcher(Object raw, String where, boolean echoAllowed) {
        try {
            return FieldExpectation.parse(raw, echoAllowed);
        } catch (IllegalArgumentException e) {
            throw new Problem(where + " " + e.getMessage());
        }
    }

    private static int fieldNumber(String key, String where) {
        int n;
        try {
            n = Integer.parseInt(key.strip());
        } catch (NumberFormatException e) {
            throw new Problem(where + ": '" + key + "' is not a field number");
        }
        if (n < 2 || n > 128) throw new Problem(where + ": field " + n + " does not exist (2 to 128; the MTI is mti)");
        return n;
    }

    private static Dialect dialect(Object raw, String where) {
        String s = raw == null ? "" : raw.toString().strip().toUpperCase(Locale.ROOT);
        if (s.equals("TERMINAL")) return Dialect.TERMINAL;
        if (s.equals("VAN")) return Dialect.VAN;
        throw new Problem(where + " must be TERMINAL or VAN, got '" + raw + "'");
    }

    private static long whole(Object raw, String where, long min, long max) {
        long v;
        if (raw instanceof Integer || raw instanceof Long) {
            v = ((Number) raw).longValue();
        } else if (raw instanceof BigInteger b && b.bitLength() < 63) {
            v = b.longValue();
        } else {
            throw new Problem(where + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
        }
        if (v < min || v > max) throw new Problem(where + " must be from " + min + " to " + max + ", got " + v);
        return v;
    }

    private static String oneLine(Object raw, String where) {
        if (raw == null) return null;
        if (raw instanceof Map || raw instanceof List) throw new Problem(where + " must be one line of text");
        String s = raw.toString();
        if (s.strip().contains("\n")) throw new Problem(where + " must be one line of text");
        return s.strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object raw, String what, String expected) {
        if (!(raw instanceof Map<?, ?> m)) throw new Problem(what + " must be " + expected);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            if (k == null || k instanceof Map || k instanceof List) throw new Problem(what + " has a key that is not text or a number");
            out.put(k.toString(), e.getValue());
        }
        return out;
    }

    private static void keys(Map<String, Object> m, String where, List<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) throw new Problem(where + ": unknown key '" + k + "' (expected " + String.join(", ", allowed) + ")");
        }
    }

    private static void checkTemplate(String text, String where) {
        try {
            Template.names(text);
        } catch (IllegalArgumentException e) {
            throw new Problem(where + ": " + e.getMessage());
        }
    }

    private static void checkTemplates(Object v, String where) {
        if (v instanceof String s) checkTemplate(s, where);
        else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkTemplate(String.valueOf(e.getKey()), where);
                checkTemplates(e.getValue(), where + "." + e.getKey());
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) checkTemplates(o, where);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
