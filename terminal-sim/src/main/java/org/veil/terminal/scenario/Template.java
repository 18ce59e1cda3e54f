package org.veil.terminal.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ${name}} references inside a string value; {@code $${} writes a literal {@code ${}. */
final class Template {
    /** Gives a variable's value (a String, a number, a boolean or a JSON node) or fails the step. */
    interface Lookup {
        Object value(String name) throws StepFailure;
    }

    private Template() {}

    /** Whether the text refers to any variable (so it can only be checked when the step runs). */
    static boolean hasReference(String text) {
        return !names(text).isEmpty();
    }

    /** The names the text refers to, in order; IllegalArgumentException when a reference is not closed or empty. */
    static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw new IllegalArgumentException("'${' without its closing '}' in \"" + text + "\" (write $${ for a literal ${)");
                String name = text.substring(i + 2, end).strip();
                if (name.isEmpty()) throw new IllegalArgumentException("empty variable '${}' in \"" + text + "\"");
                out.add(name);
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The text with every reference replaced by its value's text. */
    static String resolve(String text, Lookup lookup) throws StepFailure {
        if (text.indexOf('$') < 0) return text;
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                sb.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) throw new StepFailure("'${' without its closing '}' in \"" + text + "\"");
                sb.append(Values.text(lookup.value(text.substring(i + 2, end).strip())));
                i = end + 1;
            } else {
                sb.append(text.charAt(i++));
            }
        }
        return sb.toString();
    }

    /**
     * Strings, map keys and values, list items resolved. A string that is exactly one reference keeps
     * the type of its value, so {@code amount: ${load}} stays a number in a JSON body.
     */
    static Object resolveValue(Object raw, Lookup lookup) throws StepFailure {
        if (raw instanceof String s) {
            String t = s.strip();
            if (t.startsWith("${") && t.indexOf('}') == t.length() - 1 && t.indexOf("${", 2) < 0) {
                Object v = lookup.value(t.substring(2, t.length() - 1).strip());
                return Values.plain(v);
            }
            return resolve(s, lookup);
        }
        if (raw instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(resolve(Values.text(e.getKey()), lookup), resolveValue(e.getValue(), lookup));
            }
            return out;
        }
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(resolveValue(o, lookup));
            return out;
        }
        return raw;
    }
}
