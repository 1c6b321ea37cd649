package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /api/v1/replicationPolicies} against the real stack: create, read, change (reaching the agent's
 * configuration without a restart), delete, and every refusal with its status and field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyApiIT {

    private static final String POLICY = "policy-api-it";
    private static final String ITEM = "policy-api-it";
    private static final String VALID = "{\"rpoThresholdMinutes\":15,\"retentionHours\":48,"
            + "\"appConsistentFrequencyHours\":4,\"crashConsistentFrequencyMinutes\":10}";

    private RegisteredTestAgent agent;

    @BeforeAll
    void cleanUp() {
        // left by an earlier run, if any
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM, null);
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
    }

    @AfterAll
    void removeWhatWasMade() {
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM, null);
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
    }

    @Test
    void aPolicyIsCreatedReadChangedAndReachesTheAgentWithoutARestart() throws Exception {
        HttpResponse<String> created = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY, VALID);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/replicationPolicies/" + POLICY),
                created.headers().toString());
        assertPolicy(JsonBodies.object(created.body()), 15, 48, 4, 10);
        assertPolicy(read(POLICY), 15, 48, 4, 10);
        assertTrue(LifeboatStack.getAsAdmin("/replicationPolicies").body().contains("\"name\":\"" + POLICY + "\""));

        agent = RegisteredTestAgent.registerAndProtect(ITEM, 1L << 20);
        HttpResponse<String> moved = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + ITEM,
                "{\"agentId\":\"" + agent.agentId + "\",\"policy\":\"" + POLICY + "\"}");
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(POLICY, JsonBodies.object(moved.body()).getString("policy"));
        assertAgentPolicy(15, 10, 4 * 60);

        HttpResponse<String> changed = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":5,\"retentionHours\":1,\"crashConsistentFrequencyMinutes\":2}");
        assertEquals(200, changed.statusCode(), changed.body());
        // omitted appConsistentFrequencyHours takes its default: off
        assertPolicy(JsonBodies.object(changed.body()), 5, 1, 0, 2);
        assertAgentPolicy(5, 2, 0);
    }

    @Test
    void aPolicyInUseAndTheDefaultPolicyCannotBeDeleted() throws Exception {
        String policy = POLICY + "-in-use";
        String item = ITEM + "-in-use";
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + policy, null);
        assertEquals(201, LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + policy, VALID).statusCode());
        RegisteredTestAgent user = RegisteredTestAgent.registerAndProtect(item, 1L << 20);
        try {
            assertEquals(200, LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + item,
                    "{\"agentId\":\"" + user.agentId + "\",\"policy\":\"" + policy + "\"}").statusCode());

            HttpResponse<String> inUse = LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + policy, null);
            assertEquals(409, inUse.statusCode(), inUse.body());
            assertTrue(JsonBodies.object(inUse.body()).getString("error").contains(item), inUse.body());
            assertPolicy(read(policy), 15, 48, 4, 10);

            HttpResponse<String> defaultPolicy = LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/default",
                    null);
            assertEquals(409, defaultPolicy.statusCode(), defaultPolicy.body());
            assertEquals(200, LifeboatStack.getAsAdmin("/replicationPolicies/default").statusCode());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + item, null);
        }
        HttpResponse<String> deleted = LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + policy, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationPolicies/" + policy).statusCode());
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"rpoThresholdMinutes\":0} | rpoThresholdMinutes",
            "{\"rpoThresholdMinutes\":1441} | rpoThresholdMinutes",
            "{\"retentionHours\":-1} | retentionHours",
            "{\"retentionHours\":361} | retentionHours",
            "{\"appConsistentFrequencyHours\":13} | appConsistentFrequencyHours",
            "{\"appConsistentFrequencyHours\":-1} | appConsistentFrequencyHours",
            "{\"retentionHours\":2,\"appConsistentFrequencyHours\":3} | appConsistentFrequencyHours",
            "{\"crashConsistentFrequencyMinutes\":0} | crashConsistentFrequencyMinutes",
            "{\"crashConsistentFrequencyMinutes\":61} | crashConsistentFrequencyMinutes",
            "{\"retentionHours\":0,\"crashConsistentFrequencyMinutes\":61} | crashConsistentFrequencyMinutes",
            "{\"rpoThresholdMinutes\":\"fifteen\"} | rpoThresholdMinutes",
            "{\"retentionHours\":1.5} | retentionHours",
            "{\"rpoThresholdMinutes\":99999999999} | rpoThresholdMinutes",
            "{\"appConsistentFrequencyMinutes\":60} | appConsistentFrequencyMinutes",
            "{\"name\":\"another\"} | name",
            "[] | body",
            "not json | body",
    })
    void anInvalidPolicyIsRefusedNamingTheFieldAndChangesNothing(String body, String field) {
        String policy = POLICY + "-invalid";
        LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + policy, VALID);

        HttpResponse<String> refused = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + policy, body.strip());

        assertEquals(400, refused.statusCode(), refused.body());
        JsonObject error = JsonBodies.object(refused.body());
        assertEquals(field, error.getString("field"), refused.body());
        assertTrue(!error.getString("error").isBlank(), refused.body());
        assertPolicy(read(policy), 15, 48, 4, 10);
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + policy, null);
    }

    @Test
    void anInvalidNameIsRefused() {
        for (String name : new String[]{"-starts-with-a-dash", "has%20space", "x".repeat(65), "dollar$sign"}) {
            HttpResponse<String> refused = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + name, VALID);
            assertEquals(400, refused.statusCode(), name + ": " + refused.body());
            assertEquals("name", JsonBodies.object(refused.body()).getString("field"), refused.body());
        }
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + "x".repeat(64), null);
        assertEquals(201, LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + "x".repeat(64), VALID)
                .statusCode());
        assertEquals(204, LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + "x".repeat(64), null)
                .statusCode());
    }

    @Test
    void anUnknownPolicyIs404() {
        HttpResponse<String> read = LifeboatStack.getAsAdmin("/replicationPolicies/no-such-policy-it");
        assertEquals(404, read.statusCode(), read.body());
        assertTrue(JsonBodies.object(read.body()).getString("error").contains("no-such-policy-it"));
        assertEquals(404, LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/no-such-policy-it", null)
                .statusCode());
        HttpResponse<String> item = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/policy-api-it-unknown",
                "{\"agentId\":\"00000000-0000-0000-0000-000000000000\",\"policy\":\"no-such-policy-it\"}");
        assertEquals(400, item.statusCode(), item.body());
    }

    @Test
    void everyOperationNeedsAnAdministrator() throws Exception {
        for (String method : new String[]{"GET", "PUT", "DELETE"}) {
            String path = method.equals("GET") ? "/replicationPolicies" : "/replicationPolicies/" + POLICY + "-401";
            HttpResponse<String> anonymous = LifeboatStack.http().send(HttpRequest.newBuilder(LifeboatStack.api(path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(VALID)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), method + " " + path);
        }
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY + "-401").statusCode(),
                "an anonymous PUT created a policy");
    }

    private static JsonObject read(String policy) {
        HttpResponse<String> read = LifeboatStack.getAsAdmin("/replicationPolicies/" + policy);
        assertEquals(200, read.statusCode(), read.body());
        return JsonBodies.object(read.body());
    }

    private static void assertPolicy(JsonObject policy, int rpo, int retention, int appHours, int crashMinutes) {
        assertEquals(rpo, policy.getInt("rpoThresholdMinutes"), policy.toString());
        assertEquals(retention, policy.getInt("retentionHours"), policy.toString());
        assertEquals(appHours, policy.getInt("appConsistentFrequencyHours"), policy.toString());
        assertEquals(crashMinutes, policy.getInt("crashConsistentFrequencyMinutes"), policy.toString());
    }

    /** What the agent pulls with its own credential, as its daemon does every minute. */
    private void assertAgentPolicy(int rpo, int crashMinutes, int appMinutes) throws Exception {
        HttpResponse<String> pulled = LifeboatStack.http().send(HttpRequest.newBuilder(
                        LifeboatStack.api("/agents/" + agent.agentId + "/configuration"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + agent.agentId + "." + agent.credential)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, pulled.statusCode(), pulled.body());
        JsonObject policy = JsonBodies.object(pulled.body()).getJsonObject("policy");
        assertEquals(POLICY, policy.getString("name"), policy.toString());
        assertEquals(rpo, policy.getInt("rpoThresholdMinutes"), policy.toString());
        assertEquals(crashMinutes, policy.getInt("crashConsistentFrequencyMinutes"), policy.toString());
        assertEquals(appMinutes, policy.getInt("appConsistentFrequencyMinutes"), policy.toString());
    }
}
