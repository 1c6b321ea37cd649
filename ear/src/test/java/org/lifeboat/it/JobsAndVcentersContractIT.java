package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.UUID;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The contract of /jobs, /fabrics/{fabric}/vcenters and /protectableItems: refusals and their reasons. */
class JobsAndVcentersContractIT {

    private static final String FABRIC = "it-contract-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);

    @Test
    void everyResourceNeedsTheAdministrator() {
        for (String path : new String[]{"/jobs", "/jobs/" + UUID.randomUUID(), "/fabrics/" + FABRIC + "/vcenters",
            "/fabrics/" + FABRIC + "/vcenters/vc", "/protectableItems"}) {
            assertEquals(401, LifeboatStack.get(LifeboatStack.api(path), null, null).statusCode(), path);
        }
    }

    @Test
    void jobFiltersAreValidated() {
        assertRefused(LifeboatStack.getAsAdmin("/jobs?state=Sleeping"), "state");
        assertRefused(LifeboatStack.getAsAdmin("/jobs?max=0"), "max");
        assertRefused(LifeboatStack.getAsAdmin("/jobs?max=1001"), "max");
        assertRefused(LifeboatStack.getAsAdmin("/jobs?max=ten"), "max");
        assertRefused(LifeboatStack.getAsAdmin("/jobs?kind="), "kind");
        assertRefused(LifeboatStack.getAsAdmin("/jobs?target=" + "x".repeat(256)), "target");
    }

    @Test
    void unknownJobsAreNotFound() {
        assertEquals(404, LifeboatStack.getAsAdmin("/jobs/" + UUID.randomUUID()).statusCode());
        assertEquals(404, LifeboatStack.getAsAdmin("/jobs/not-a-job-id").statusCode());
    }

    @Test
    void jobsAreListedByStateKindAndTarget() throws Exception {
        String name = "unreachable";
        JsonObject failed = DiscoveryIT.awaitJob(LifeboatStack.sendAsAdmin("PUT",
                "/fabrics/" + FABRIC + "/vcenters/" + name, DiscoveryIT.body(closedPort(), "secret-1")));
        try {
            assertEquals("Failed", failed.getString("state"));
            String target = FABRIC + "/" + name;
            HttpResponse<String> listed = LifeboatStack.getAsAdmin("/jobs?state=failed&kind=VcenterDiscovery&target="
                    + target);
            assertEquals(200, listed.statusCode(), listed.body());
            var jobs = JsonBodies.array(listed.body()).getValuesAs(JsonObject.class);
            assertEquals(1, jobs.size(), listed.body());
            assertEquals(failed.getString("id"), jobs.get(0).getString("id"));
            assertTrue(JsonBodies.array(LifeboatStack.getAsAdmin("/jobs?state=Succeeded&target=" + target).body())
                    .isEmpty());
            assertEquals(1, JsonBodies.array(LifeboatStack.getAsAdmin("/jobs?max=1").body()).size());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/fabrics/" + FABRIC + "/vcenters/" + name, null);
        }
    }

    @Test
    void eachInvalidVcenterFieldIsRefusedAndChangesNothing() throws Exception {
        String path = "/fabrics/" + FABRIC + "/vcenters/invalid";
        JsonObject good = JsonBodies.object(DiscoveryIT.body(443, "secret-2"));
        assertRefused(LifeboatStack.sendAsAdmin("PUT", path, null), "body");
        assertRefused(LifeboatStack.sendAsAdmin("PUT", "/fabrics/bad%20fabric/vcenters/invalid", good.toString()), "fabric");
        assertRefused(LifeboatStack.sendAsAdmin("PUT", "/fabrics/" + FABRIC + "/vcenters/-x", good.toString()), "vcenter");
        assertRefused(put(path, without(good, "host")), "host");
        assertRefused(put(path, with(good, "host", "bad host/name")), "host");
        assertRefused(put(path, Json.createObjectBuilder(good).add("port", 0).build()), "port");
        assertRefused(put(path, Json.createObjectBuilder(good).add("port", 65536).build()), "port");
        assertRefused(put(path, without(good, "user")), "user");
        assertRefused(put(path, without(good, "password")), "password");
        assertRefused(put(path, with(good, "password", "")), "password");
        assertRefused(put(path, with(good, "port", "https")), "port");
        assertRefused(LifeboatStack.sendAsAdmin("PUT", path, "{\"host\": "), "body");
        assertRefused(put(path, with(good, "certificate", "not a certificate")), "certificate");
        assertRefused(put(path, with(good, "certificate",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")), "certificate");
        assertRefused(put(path, with(good, "certificateFingerprint", "ab:cd")), "certificateFingerprint");
        assertEquals(404, LifeboatStack.getAsAdmin(path).statusCode(), "a refused vCenter was added");
    }

    @Test
    void unknownVcentersAreNotFound() {
        String path = "/fabrics/" + FABRIC + "/vcenters/absent";
        assertEquals(404, LifeboatStack.getAsAdmin(path).statusCode());
        assertEquals(404, LifeboatStack.sendAsAdmin("DELETE", path, null).statusCode());
        assertEquals(404, LifeboatStack.sendAsAdmin("POST", path + "/discover", null).statusCode());
        HttpResponse<String> empty = LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "-none/vcenters");
        assertEquals(200, empty.statusCode());
        assertTrue(JsonBodies.array(empty.body()).isEmpty());
    }

    @Test
    void theSameEndpointCannotBeAddedTwiceAndAnUpdateKeepsThePassword() throws Exception {
        int port = closedPort();
        String first = "/fabrics/" + FABRIC + "/vcenters/first";
        String second = "/fabrics/" + FABRIC + "/vcenters/second";
        try {
            assertEquals(202, LifeboatStack.sendAsAdmin("PUT", first, DiscoveryIT.body(port, "secret-3")).statusCode());
            HttpResponse<String> conflict = LifeboatStack.sendAsAdmin("PUT", second, DiscoveryIT.body(port, "secret-3"));
            assertEquals(409, conflict.statusCode(), conflict.body());
            assertTrue(JsonBodies.object(conflict.body()).getString("error").contains("first"), conflict.body());
            assertEquals(404, LifeboatStack.getAsAdmin(second).statusCode());

            // an update without a password keeps the stored one (it is never shown to be edited)
            HttpResponse<String> updated = put(first, without(JsonBodies.object(DiscoveryIT.body(port, "x")), "password"));
            assertEquals(202, updated.statusCode(), updated.body());
            HttpResponse<String> listed = LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "/vcenters");
            assertEquals(200, listed.statusCode());
            assertFalse(listed.body().contains("secret-3"), listed.body());
            assertTrue(listed.body().contains("\"first\""), listed.body());

            assertEquals(204, LifeboatStack.sendAsAdmin("DELETE", first, null).statusCode());
            assertEquals(404, LifeboatStack.getAsAdmin(first).statusCode());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", first, null);
        }
    }

    @Test
    void anAgentsBiosUuidIsOptionalButMustBeAUuid() throws Exception {
        String nonce = java.util.Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
        JsonObject registration = Json.createObjectBuilder().add("name", "it-bios-uuid").add("hostname", "h")
                .add("agentVersion", "it").add("biosUuid", "not-a-uuid")
                .add("disks", Json.createArrayBuilder().add(Json.createObjectBuilder().add("path", "/dev/sda")
                        .add("sizeBytes", 1 << 20)))
                .add("nonce", nonce).add("passphraseProof", "irrelevant: the fields are checked first").build();
        assertRefused(RegisteredTestAgent.register(registration.toString()), "biosUuid");
    }

    private static HttpResponse<String> put(String path, JsonObject body) {
        return LifeboatStack.sendAsAdmin("PUT", path, body.toString());
    }

    private static JsonObject without(JsonObject body, String field) {
        return Json.createObjectBuilder(body).remove(field).build();
    }

    private static JsonObject with(JsonObject body, String field, String value) {
        return Json.createObjectBuilder(body).add(field, value).build();
    }

    private static void assertRefused(HttpResponse<String> response, String field) {
        assertEquals(400, response.statusCode(), response.body());
        JsonObject error = JsonBodies.object(response.body());
        assertEquals(field, error.getString("field"), response.body());
        assertFalse(error.getString("error").isBlank());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
