package org.veil.issuer.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** A request's JSON object, read strictly: one object, no duplicate or unknown fields, typed fields. */
final class JsonBody {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /** The body as an object holding only the named fields; 400 for anything else. */
    static JsonBody parse(byte[] bytes, String... allowed) {
        if (bytes.length == 0) throw new AdminError(400, "a JSON object is required as the body");
        JsonNode n;
        try {
            n = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own message names its classes and echoes the input: say where instead.
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String why = original.startsWith("Duplicate field") ? "a field appears twice"
                    : original.startsWith("Trailing token") ? "more after the object" : "malformed JSON";
            throw new AdminError(400, "the body is not valid JSON: " + why + at);
        } catch (IOException e) {
            throw new AdminError(400, "the body cannot be read");
        }
        if (n == null || n.isMissingNode()) throw new AdminError(400, "a JSON object is required as the body");
        if (!n.isObject()) throw new AdminError(400, "the body must be a JSON object, not " + kind(n));
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new AdminError(400, "unknown field " + AdminError.shown(f) + (names.isEmpty() ? " (this call takes no fields)"
                        : " (expected " + String.join(", ", allowed) + ")"));
            }
        }
        return new JsonBody(n);
    }

    /** A required non-blank string. */
    String text(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) throw new AdminError(400, "'" + field + "' is required (a string)");
        if (!v.isTextual()) throw new AdminError(400, "'" + field + "' must be a string, not " + kind(v));
        if (v.asText().isBlank()) throw new AdminError(400, "'" + field + "' must not be blank");
        return v.asText();
    }

    /** An optional string: null when absent or null. */
    String optionalText(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        return text(field);
    }

    /** A required whole number that fits a long (minor units are never fractions). */
    long wholeNumber(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) throw new AdminError(400, "'" + field + "' is required (a whole number of minor units)");
        if (!v.isNumber()) throw new AdminError(400, "'" + field + "' must be a number, not " + kind(v));
        if (!v.isIntegralNumber()) throw new AdminError(400, "'" + field + "' must be a whole number of minor units, got " + v.asText());
        if (!v.canConvertToLong()) throw new AdminError(400, "'" + field + "' is too large");
        return v.asLong();
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> "something else";
        };
    }
}
