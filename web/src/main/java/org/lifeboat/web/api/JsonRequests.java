package org.lifeboat.web.api;

import java.io.StringReader;
import java.util.Collection;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.lifeboat.shared.InvalidRequestException;

/** Reads a request body as a JSON object, refusing anything else with a 400 that says so. */
final class JsonRequests {

    private JsonRequests() {
    }

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("body", "a JSON object is required");
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidRequestException("body", "a JSON object is required, not " + value.getValueType());
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new InvalidRequestException("body", "the body is not valid JSON");
        }
    }

    /** An optional text field: null when absent or null, a 400 naming it when it is not a string. */
    static String optionalText(JsonObject request, String field) {
        JsonValue value = request.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw new InvalidRequestException(field, field + " must be a string");
        }
        return text.getString();
    }

    /**
     * Refuses a field the request does not take (a misspelt one would otherwise be ignored), naming it;
     * {@code takes} (null for none) says what the request takes.
     */
    static void onlyFields(JsonObject request, Collection<String> fields, String takes) {
        for (String field : request.keySet()) {
            if (!fields.contains(field)) {
                throw new InvalidRequestException(field,
                        "unknown field '" + field + "'" + (takes == null ? "" : "; " + takes));
            }
        }
    }
}
