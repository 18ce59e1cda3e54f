package org.veil.terminal.scenario;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One expected value of an answer field or a JSON path: an exact text, {@code present}, {@code absent},
 * {@code echo} (the same as the request's field) or {@code /regex/} (the whole value must match).
 */
sealed interface FieldExpectation {
    /** Null when the actual value (null = absent) meets the expectation, else the one-line difference after "LABEL: ". */
    String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) throws StepFailure;

    /** IllegalArgumentException (the problem, without where it is) for a value that is no matcher. */
    static FieldExpectation parse(Object raw, boolean echoAllowed) {
        if (raw == null) throw new IllegalArgumentException("has no value (write absent for something that must not be there)");
        if (raw instanceof Number || raw instanceof Boolean) return new Exact(raw.toString());
        if (!(raw instanceof String s)) throw new IllegalArgumentException("must be a value, present, absent, echo or /regex/, not a list or map");
        Template.names(s); // a broken ${ is the file's fault
        switch (s) {
            case "present": return new Present();
            case "absent": return new Absent();
            case "echo":
                if (!echoAllowed) throw new IllegalArgumentException("echo is only for fields of an ISO answer");
                return new Echo();
            default: break;
        }
        if (s.length() >= 2 && s.startsWith("/") && s.endsWith("/")) {
            String regex = s.substring(1, s.length() - 1);
            if (!Template.hasReference(regex)) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("is not a valid regex: " + e.getDescription());
                }
            }
            return new Regex(regex);
        }
        return new Exact(s);
    }

    private static String quoted(String v, UnaryOperator<String> show) {
        return v == null ? "absent" : "got \"" + show.apply(v) + "\"";
    }

    record Exact(String template) implements FieldExpectation {
        @Override
        public String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) throws StepFailure {
            String expected = Template.resolve(template, vars);
            return expected.equals(actual) ? null : "expected \"" + show.apply(expected) + "\", " + quoted(actual, show);
        }
    }

    record Present() implements FieldExpectation {
        @Override
        public String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) {
            return actual != null ? null : "expected present, absent";
        }
    }

    record Absent() implements FieldExpectation {
        @Override
        public String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) {
            return actual == null ? null : "expected absent, " + quoted(actual, show);
        }
    }

    record Echo() implements FieldExpectation {
        @Override
        public String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) {
            if (sent == null) return actual == null ? null : "expected absent (as in the request), " + quoted(actual, show);
            return sent.equals(actual) ? null : "expected \"" + show.apply(sent) + "\" (as in the request), " + quoted(actual, show);
        }
    }

    record Regex(String template) implements FieldExpectation {
        @Override
        public String check(String actual, String sent, Template.Lookup vars, UnaryOperator<String> show) throws StepFailure {
            String regex = Template.resolve(template, vars);
            Pattern p;
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new StepFailure("/" + regex + "/ is not a valid regex: " + e.getDescription());
            }
            return actual != null && p.matcher(actual).matches() ? null : "expected /" + regex + "/, " + quoted(actual, show);
        }
    }
}
