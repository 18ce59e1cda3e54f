package org.veil.terminal.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A path into a JSON answer: dots walk objects, {@code [n]} indexes arrays ({@code holds[0].amount}). */
final class JsonPath {
    private final String text;
    private final List<Object> steps; // String = member name, Integer = array index

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** IllegalArgumentException when the path is not well-formed. */
    static JsonPath parse(String text) {
        List<Object> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) steps.add(name);
            else if (bracket != 0) throw new IllegalArgumentException("JSON path '" + text + "' has an empty name");
            String rest = bracket < 0 ? "" : part.substring(bracket);
            while (!rest.isEmpty()) {
                int close = rest.indexOf(']');
                if (!rest.startsWith("[") || close < 2 || !rest.substring(1, close).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("JSON path '" + text + "': an index is written [0], [1], ...");
                }
                steps.add(Integer.parseInt(rest.substring(1, close)));
                rest = rest.substring(close + 1);
            }
        }
        if (steps.isEmpty()) throw new IllegalArgumentException("empty JSON path");
        return new JsonPath(text, steps);
    }

    /** The node at this path, or null when any part of it is missing. */
    JsonNode find(JsonNode root) {
        JsonNode n = root;
        for (Object s : steps) {
            if (n == null) return null;
            n = s instanceof Integer i ? (n.isArray() ? n.get(i) : null) : (n.isObject() ? n.get((String) s) : null);
        }
        return n;
    }

    /** The last member name (what the value is, e.g. "pan"), or "" when the path ends in an index. */
    String leaf() {
        Object last = steps.getLast();
        return last instanceof String s ? s : "";
    }

    @Override
    public String toString() {
        return text;
    }
}
