package org.veil.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/** A request's JSON object, read strictly: one object, no duplicate or unknown fields, typed fields. */
public final class JsonBody {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /** The body as an object holding only the named fields; 400 for anything else. */
    public static JsonBody parse(byte[] bytes, String... allowed) {
        if (bytes.length == 0) throw new ApiError(400, "a JSON object is required as the body");
        JsonNode n;
        try {
            n = STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's own message names its classes and echoes the input: say where instead.
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String why = original.startsWith("Duplicate field") ? "a field appears twice"
                    : original.startsWith("Trailing token") ? "more after the object" : "malformed JSON";
            throw new ApiError(400, "the body is not valid JSON: " + why + at);
        } catch (IOException e) {
            throw new ApiError(400, "the body cannot be read");
        }
        if (n == null || n.isMissingNode()) throw new ApiError(400, "a JSON object is required as the body");
        if (!n.isObject()) throw new ApiError(400, "the body must be a JSON object, not " + kind(n));
        Set<String> names = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new ApiError(400, "unknown field " + ApiError.shown(f) + (names.isEmpty() ? " (this call takes no fields)"
                        : " (expected " + String.join(", ", allowed) + ")"));
            }
        }
        return new JsonBody(n);
    }

    /** A required non-blank string. */
    public String text(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) throw new ApiError(400, "'" + field + "' is required (a string)");
        if (!v.isTextual()) throw new ApiError(400, "'" + field + "' must be a string, not " + kind(v));
        if (v.asText().isBlank()) throw new ApiError(400, "'" + field + "' must not be blank");
        return v.asText();
    }

    /** An optional string: null when absent or null. */
    public String optionalText(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        return text(field);
    }

    /** A required whole number that fits a long; {@code unit} names what it counts ("minor units": never fractions). */
    public long wholeNumber(String field, String unit) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) throw new ApiError(400, "'" + field + "' is required (a whole number of " + unit + ")");
        if (!v.isNumber()) throw new ApiError(400, "'" + field + "' must be a number, not " + kind(v));
        if (!v.isIntegralNumber()) throw new ApiError(400, "'" + field + "' must be a whole number of " + unit + ", got " + v.asText());
        if (!v.canConvertToLong()) throw new ApiError(400, "'" + field + "' is too large");
        return v.asLong();
    }

    /** An optional whole number: null when absent or null. */
    public Long optionalWholeNumber(String field, String unit) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        return wholeNumber(field, unit);
    }

    /** An optional true or false: null when absent or null. */
    public Boolean flag(String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw new ApiError(400, "'" + field + "' must be true or false, not " + kind(v));
        return v.asBoolean();
    }

    /** Whether the field is there (null counts as absent). */
    public boolean has(String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull();
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
