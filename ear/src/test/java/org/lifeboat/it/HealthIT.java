package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The health endpoint and the API's login, as a monitor and an operator meet them. */
class HealthIT {

    @Test
    void healthIsOkWithEveryPartUpAndNeedsNoLogin() {
        HttpResponse<String> response = LifeboatStack.get(LifeboatStack.api("/health"), null, null);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = JsonBodies.object(response.body());
        assertEquals("UP", health.getString("status"));
        Map<String, String> parts = health.getJsonArray("parts").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(p -> p.getString("name"), p -> p.getString("status")));
        assertEquals(Map.of("database", "UP", "storage", "UP", "replicationListener", "UP", "timers", "UP"), parts);
        assertTrue(health.getJsonArray("failing").isEmpty());
    }

    @Test
    void healthRevealsNoSecret() {
        String body = LifeboatStack.get(LifeboatStack.api("/health"), null, null).body();

        for (String secret : new String[]{"admin-password", "azurite-account-key", "tls-keystore-password",
                "registration-passphrase", "storage-connection-string"}) {
            String value = LifeboatStack.read(LifeboatStack.HOME.resolve("secrets").resolve(secret));
            assertFalse(body.contains(value), "the health answer contains the secret in " + secret);
        }
        assertFalse(body.contains("AccountKey"), body);
    }

    @Test
    void everyOtherApiPathNeedsTheAdministrator() {
        HttpResponse<String> anonymous = LifeboatStack.get(LifeboatStack.api("/events"), null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().map().toString());

        HttpResponse<String> wrongPassword = LifeboatStack.get(LifeboatStack.api("/events"), "admin", "not-the-password");
        assertEquals(401, wrongPassword.statusCode());

        HttpResponse<String> unknownPath = LifeboatStack.get(LifeboatStack.api("/no-such-resource"), null, null);
        assertEquals(401, unknownPath.statusCode());

        HttpResponse<String> admin = LifeboatStack.getAsAdmin("/events");
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(JsonBodies.array(admin.body()).getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("message").contains("started")), admin.body());
    }

    @Test
    void invalidQueryGetsAClearError() {
        HttpResponse<String> response = LifeboatStack.getAsAdmin("/events?max=0");

        assertEquals(400, response.statusCode(), response.body());
    }
}
