package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The monitoring resources' contract: filters, validation with the field at fault, secrets, logins. */
class MonitoringApiIT {

    private static final String GOOD_MAIL = "{\"host\":\"127.0.0.1\",\"port\":2525,\"security\":\"NONE\","
            + "\"from\":\"lifeboat@lifeboat.test\",\"recipients\":[\"ops@lifeboat.test\"]";

    @Test
    void eventFiltersAreValidated() {
        assertRefused(LifeboatStack.getAsAdmin("/events?severity=LOUD"), "severity");
        assertRefused(LifeboatStack.getAsAdmin("/events?active=maybe"), "active");
        HttpResponse<String> info = LifeboatStack.getAsAdmin("/events?severity=info&active=false&max=5");
        assertEquals(200, info.statusCode(), info.body());
        assertTrue(JsonBodies.array(info.body()).getValuesAs(JsonObject.class).stream()
                .allMatch(e -> e.getString("severity").equals("INFO") && !e.getBoolean("active")), info.body());
        HttpResponse<String> none = LifeboatStack.getAsAdmin("/events?subject=no-such-subject-anywhere");
        assertEquals("[]", none.body());
        assertEquals(401, LifeboatStack.get(LifeboatStack.api("/events"), null, null).statusCode());
    }

    @Test
    void badMailSettingsNameTheFieldAndChangeNothing() {
        LifeboatStack.sendAsAdmin("DELETE", "/settings/mail", null);
        assertRefused(put("{\"port\":25}"), "host");
        assertRefused(put(GOOD_MAIL.replace("\"port\":2525", "\"port\":70000") + "}"), "port");
        assertRefused(put(GOOD_MAIL.replace("NONE", "SOMETIMES") + "}"), "security");
        assertRefused(put(GOOD_MAIL.replace("lifeboat@lifeboat.test", "not an address") + "}"), "from");
        assertRefused(put(GOOD_MAIL.replace("[\"ops@lifeboat.test\"]", "[]") + "}"), "recipients");
        assertRefused(put(GOOD_MAIL + ",\"password\":\"secret\"}"), "password");
        assertEquals(404, LifeboatStack.getAsAdmin("/settings/mail").statusCode(), "a refused PUT stored something");
        assertEquals(401, LifeboatStack.get(LifeboatStack.api("/settings/mail"), null, null).statusCode());
    }

    @Test
    void theSmtpPasswordIsASecretFileNeverShown() throws Exception {
        String password = "pw-" + System.nanoTime();
        try {
            HttpResponse<String> created = put(GOOD_MAIL + ",\"username\":\"lifeboat\",\"password\":\"" + password + "\"}");
            assertTrue(created.statusCode() == 201 || created.statusCode() == 200, created.body());
            assertFalse(created.body().contains(password), created.body());
            Path secret = LifeboatStack.HOME.resolve("secrets/smtp-password");
            assertEquals(password, Files.readString(secret));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

            HttpResponse<String> updated = put(GOOD_MAIL + ",\"username\":\"lifeboat\"}");
            assertEquals(200, updated.statusCode(), updated.body());
            JsonObject shown = JsonBodies.object(LifeboatStack.getAsAdmin("/settings/mail").body());
            assertTrue(shown.getBoolean("passwordSet"), "leaving the password out keeps it");
            assertFalse(shown.toString().contains(password));
            assertFalse(Files.readString(LifeboatStack.HOME.resolve("domains/lifeboat/logs/server.log")).contains(password),
                    "the password was logged");
        } finally {
            assertEquals(204, LifeboatStack.sendAsAdmin("DELETE", "/settings/mail", null).statusCode());
        }
        assertFalse(Files.exists(LifeboatStack.HOME.resolve("secrets/smtp-password")));
    }

    private static HttpResponse<String> put(String json) {
        return LifeboatStack.sendAsAdmin("PUT", "/settings/mail", json);
    }

    private static void assertRefused(HttpResponse<String> response, String field) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(field, JsonBodies.object(response.body()).getString("field"), response.body());
    }
}
