package org.lifeboat.it;

import java.io.StringReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.Json;

/** Reads API answers. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonObject object(String body) {
        return (JsonObject) parse(body);
    }

    static JsonArray array(String body) {
        return (JsonArray) parse(body);
    }

    private static JsonValue parse(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readValue();
        }
    }
}
