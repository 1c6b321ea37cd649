package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The health endpoint and the API's login, as a monitor and an operator meet them. */
class HealthIT {

    private static final int BURST = 20;

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
    void healthNamesNoStorageAccount() {
        for (URI health : List.of(LifeboatStack.api("/health"), LifeboatStack.console().resolve("/health"))) {
            HttpResponse<String> response = LifeboatStack.get(health, null, null);
            assertEquals(200, response.statusCode(), health + ": " + response.body());
            assertNamesNoAccount(response.body());
        }
    }

    /**
     * With Azure Storage gone, a burst of health requests stays fast: the answers come from the cached
     * checks (refreshed by a timer), never from an Azure call per request, and they say storage is down
     * once the cache is refreshed, still without naming the account.
     */
    @Test
    void aBurstOfHealthRequestsWhileStorageIsDownIsAnsweredFromTheCache() throws Exception {
        long azurite = Long.parseLong(LifeboatStack.read(LifeboatStack.HOME.resolve("run/azurite.pid")));
        ProcessHandle.of(azurite).ifPresent(ProcessHandle::destroy);
        try {
            long started = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                LifeboatStack.get(LifeboatStack.api("/health"), null, null);
            }
            long burstMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%d health requests with Azure Storage down took %d ms%n", BURST, burstMillis);
            assertTrue(burstMillis < 20_000, BURST + " health requests took " + burstMillis + " ms: each waits for Azure");

            HttpResponse<String> down = awaitHealth(503, Duration.ofSeconds(90));
            assertTrue(JsonBodies.object(down.body()).getJsonArray("failing").toString().contains("storage"), down.body());
            assertNamesNoAccount(down.body());
        } finally {
            LifeboatStack.CommandResult start = LifeboatStack.launcher("start");
            assertEquals(0, start.exitCode(), start.toString());
            awaitHealth(200, Duration.ofSeconds(90));
        }
    }

    private static HttpResponse<String> awaitHealth(int status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            HttpResponse<String> response = LifeboatStack.get(LifeboatStack.api("/health"), null, null);
            if (response.statusCode() == status) {
                return response;
            }
            assertTrue(System.nanoTime() < deadline, "health did not answer " + status + " within " + within
                    + ": " + response.body());
            Thread.sleep(500);
        }
    }

    /** No account name, endpoint or key of the storage account in a public answer. */
    private static void assertNamesNoAccount(String body) {
        String connection = LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/storage-connection-string"));
        Matcher account = Pattern.compile("AccountName=([^;]+)").matcher(connection);
        assertTrue(account.find(), "no AccountName in the connection string");
        assertFalse(body.contains(account.group(1)), "the health answer names the account: " + body);
        assertFalse(body.contains(":" + (LifeboatStack.PORT_BASE + 2000)), "the health answer names the endpoint: " + body);
        for (String fragment : new String[]{"AccountKey", "BlobEndpoint", "blob.core.windows.net", "account", "http"}) {
            assertFalse(body.contains(fragment), "the health answer contains '" + fragment + "': " + body);
        }
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
