package org.veil.terminal.scenario;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veil.terminal.RequestFactory;

/**
 * The variables of one scenario: built-ins, the file's vars (with --var overriding them) and the data of
 * steps already run. {@link #forStep()} fixes the per-step values ({@code now}, {@code stan}, {@code rrn}).
 */
final class Variables {
    private static final DateTimeFormatter TRANSMISSION = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter LOCAL_DATE = DateTimeFormatter.ofPattern("MMdd");
    private static final DateTimeFormatter YYMM = DateTimeFormatter.ofPattern("yyMM");

    private final RunIdentity run;
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, StepData> steps = new HashMap<>();

    private Variables(RunIdentity run) {
        this.run = run;
    }

    /** The file's vars resolved in order (each may use earlier ones); a --var replaces the file's value of that name. */
    static Variables of(RunIdentity run, Map<String, Object> fileVars, Map<String, String> overrides) throws StepFailure {
        Variables v = new Variables(run);
        Scope scope = v.forStep();
        for (Map.Entry<String, Object> e : fileVars.entrySet()) {
            Object value = overrides.containsKey(e.getKey()) ? overrides.get(e.getKey()) : Template.resolveValue(e.getValue(), scope);
            v.vars.put(e.getKey(), value);
        }
        overrides.forEach(v.vars::putIfAbsent);
        return v;
    }

    void record(String stepId, StepData data) {
        if (stepId != null) steps.put(stepId, data);
    }

    /** The data of an earlier step, or null. */
    StepData data(String stepId) {
        return steps.get(stepId);
    }

    /** A fresh scope: one {@code now}, and a STAN / RRN made on first use, for one step. */
    Scope forStep() {
        return new Scope(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** The variables as one step sees them. */
    final class Scope implements Template.Lookup {
        private final ZonedDateTime now;
        private String stan;
        private String rrn;

        private Scope(ZonedDateTime now) {
            this.now = now;
        }

        @Override
        public Object value(String name) throws StepFailure {
            switch (name) {
                case "now": return TRANSMISSION.format(now);
                case "now.time": return LOCAL_TIME.format(local());
                case "now.date": return LOCAL_DATE.format(local());
                case "now.yymm": return YYMM.format(local());
                case "stan":
                    if (stan == null) stan = run.nextStan();
                    return stan;
                case "rrn":
                    if (rrn == null) rrn = RequestFactory.nextRrn();
                    return rrn;
                case "run": return run.token();
                default: break;
            }
            if (vars.containsKey(name)) return vars.get(name);
            int dot = name.indexOf('.');
            if (dot > 0) {
                String id = name.substring(0, dot);
                StepData data = steps.get(id);
                if (data != null) return data.lookup(id, name.substring(dot + 1));
                if (vars.containsKey(id)) throw new StepFailure("unknown variable ${" + name + "}: " + id + " is a var, not a step");
            }
            throw new StepFailure("unknown variable ${" + name + "}" + (dot > 0 ? " (no earlier step has id " + name.substring(0, dot) + ")" : ""));
        }

        private ZonedDateTime local() {
            return now.withZoneSameInstant(ZoneId.systemDefault());
        }
    }
}
