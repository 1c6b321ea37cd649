package org.lifeboat.it;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The API's events, read as the console's pages show them. */
final class Events {

    private Events() {
    }

    /** {@code GET /events?subject=SUBJECT}, the newest {@code max}, each "SEVERITY|message" as the item page's rows. */
    static List<String> about(String subject, int max) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/events?max=" + max + "&subject="
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8)).body())
                .getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("severity") + "|" + e.getString("message")).toList();
    }

    /** {@code GET /events?active=true&subject=SUBJECT}: the alerts open on it now, each "CONDITION|SEVERITY". */
    static List<String> openAlertsOn(String subject) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/events?active=true&subject="
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8)).body())
                .getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("condition") + "|" + e.getString("severity")).toList();
    }
}
