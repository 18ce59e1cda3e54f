package org.veil.terminal.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Scenario values as text: YAML scalars, JSON nodes. Numbers are written as typed, never with a decimal point added. */
final class Values {
    static final ObjectMapper JSON = new ObjectMapper();

    private Values() {}

    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof JsonNode n) {
            return n.isValueNode() ? n.asText() : n.toString();
        }
        return v.toString();
    }

    /** A JSON node as the plain Java value a YAML file would have given (for type-keeping substitution). */
    static Object plain(Object v) {
        if (!(v instanceof JsonNode n)) return v;
        if (n.isTextual()) return n.asText();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isNumber()) return n.decimalValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isNull()) return null;
        return n;
    }
}
