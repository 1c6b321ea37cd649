package org.lifeboat.agent.api;

import java.io.StringReader;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads JSON objects from the server and the agent's own files, failing with the name of the
 * field that is missing or of the wrong type.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static JsonObject parseObject(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    public static String string(JsonObject object, String field) {
        return required(object, field, JsonString.class, "a string").getString();
    }

    public static long number(JsonObject object, String field) {
        JsonNumber number = required(object, field, JsonNumber.class, "a number");
        if (!number.isIntegral()) {
            throw new IllegalArgumentException("'" + field + "' is not a whole number");
        }
        return number.longValueExact();
    }

    public static boolean bool(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        throw new IllegalArgumentException("'" + field + "' is " + (value == null ? "missing" : "not true or false"));
    }

    public static JsonObject object(JsonObject object, String field) {
        return required(object, field, JsonObject.class, "an object");
    }

    public static JsonArray array(JsonObject object, String field) {
        return required(object, field, JsonArray.class, "an array");
    }

    private static <T extends JsonValue> T required(JsonObject object, String field, Class<T> type, String what) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("'" + field + "' is not " + what);
        }
        return type.cast(value);
    }
}
