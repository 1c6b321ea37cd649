package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.protocol.ErrorCode;
import org.lifeboat.protocol.ErrorReply;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameType;

/**
 * {@code /api/v1/agents} for administrators, against the real stack: the list, one agent, revocation
 * (refused on the API and its live replication session closed at once) and a new registration
 * passphrase (the old one stops registering, the new one works).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApiIT {

    private static final String ITEM = "agent-api-it";
    private static final String REVOKED_ITEM = "agent-api-it-revoked";
    private static final String DAEMON_ITEM = "agent-api-it-daemon";
    private static final String PHASE_ITEM = "agent-api-it-phase";
    private static final String TRACKER_ITEM = "agent-api-it-tracker";

    @AfterAll
    void removeItems() {
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM, null);
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + REVOKED_ITEM, null);
    }

    @Test
    void agentsAreListedAndReadWithTheirDisksAndHeartbeat() throws Exception {
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(ITEM, 1L << 20);
        HttpResponse<String> beat = asAgent(agent, "POST", "/agents/" + agent.agentId + "/heartbeat",
                "{\"agentVersion\":\"it-2\",\"disks\":[]}");
        assertEquals(204, beat.statusCode(), beat.body());

        HttpResponse<String> list = LifeboatStack.getAsAdmin("/agents");
        assertEquals(200, list.statusCode(), list.body());
        JsonObject listed = JsonBodies.array(list.body()).stream().map(JsonValue::asJsonObject)
                .filter(a -> a.getString("id").equals(agent.agentId)).findFirst().orElseThrow(() ->
                        new AssertionError("agent " + agent.agentId + " is not listed: " + list.body()));
        HttpResponse<String> one = LifeboatStack.getAsAdmin("/agents/" + agent.agentId);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(listed, JsonBodies.object(one.body()));

        assertEquals(ITEM, listed.getString("name"));
        assertEquals("test", listed.getString("hostname"));
        assertEquals("it-2", listed.getString("agentVersion"), "the heartbeat's version");
        assertFalse(listed.getBoolean("revoked"));
        assertEquals(ITEM, listed.getString("protectedItem"));
        assertTrue(listed.containsKey("registeredAt") && listed.containsKey("lastHeartbeatAt"), listed.toString());
        JsonObject disk = listed.getJsonArray("disks").getJsonObject(0);
        assertEquals("/dev/test", disk.getString("path"));
        assertEquals(1L << 20, disk.getJsonNumber("sizeBytes").longValue());
        assertFalse(listed.toString().contains(agent.credential), "the credential must never be returned");

        HttpResponse<String> unknown = LifeboatStack.getAsAdmin("/agents/00000000-0000-0000-0000-000000000000");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(404, LifeboatStack.sendAsAdmin("POST", "/agents/00000000-0000-0000-0000-000000000000/revoke",
                null).statusCode());
    }

    @Test
    void aHeartbeatWithAnUnknownOrOverlongPhaseIsRefusedAndChangesNothing() throws Exception {
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(PHASE_ITEM, 1L << 20);
        try {
            String beat = "/agents/" + agent.agentId + "/heartbeat";
            HttpResponse<String> delta = asAgent(agent, "POST", beat, diskBeat(agent, "DELTA", 7));
            assertEquals(204, delta.statusCode(), delta.body());

            for (String phase : new String[]{"RESYNCING", "X".repeat(17), "delta "}) {
                HttpResponse<String> refused = asAgent(agent, "POST", beat, diskBeat(agent, phase, 99));
                assertEquals(400, refused.statusCode(), phase + ": " + refused.body());
                JsonObject error = JsonBodies.object(refused.body());
                assertEquals("phase", error.getString("field"), refused.body());
                assertTrue(error.getString("error").contains("INITIAL") && error.getString("error").contains("DELTA"),
                        "the allowed phases are not named: " + refused.body());
            }

            HttpResponse<String> item = LifeboatStack.getAsAdmin("/protectedItems/" + PHASE_ITEM);
            JsonObject disk = JsonBodies.object(item.body()).getJsonArray("disks").getJsonObject(0);
            assertEquals("DELTA", disk.getString("phase"), "a refused heartbeat changed the disk: " + item.body());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + PHASE_ITEM, null);
        }
    }

    @Test
    void aHeartbeatSaysWhichChangeTrackerEachDiskUsesAndTheItemShowsIt() throws Exception {
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(TRACKER_ITEM, 1L << 20);
        try {
            String beat = "/agents/" + agent.agentId + "/heartbeat";
            HttpResponse<String> scanned = asAgent(agent, "POST", beat, trackerBeat(agent, "scan", "not root"));
            assertEquals(204, scanned.statusCode(), scanned.body());

            HttpResponse<String> refused = asAgent(agent, "POST", beat, trackerBeat(agent, "cbt", null));
            assertEquals(400, refused.statusCode(), refused.body());
            JsonObject error = JsonBodies.object(refused.body());
            assertEquals("tracker", error.getString("field"));
            assertEquals("tracker must be one of trace, scan, not 'cbt'", error.getString("error"));

            JsonObject disk = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + TRACKER_ITEM).body())
                    .getJsonArray("disks").getJsonObject(0);
            assertEquals("scan", disk.getString("tracker"), disk.toString());
            assertEquals("not root", disk.getString("trackerNote"), disk.toString());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + TRACKER_ITEM, null);
        }
    }

    private static String trackerBeat(RegisteredTestAgent agent, String tracker, String note) {
        var disk = jakarta.json.Json.createObjectBuilder().add("diskId", agent.diskId).add("phase", "DELTA")
                .add("tracker", tracker);
        if (note != null) {
            disk.add("trackerNote", note);
        }
        return jakarta.json.Json.createObjectBuilder().add("agentVersion", "it")
                .add("disks", jakarta.json.Json.createArrayBuilder().add(disk)).build().toString();
    }

    private static String diskBeat(RegisteredTestAgent agent, String phase, int initialPercent) {
        return jakarta.json.Json.createObjectBuilder().add("agentVersion", "it")
                .add("disks", jakarta.json.Json.createArrayBuilder().add(jakarta.json.Json.createObjectBuilder()
                        .add("diskId", agent.diskId).add("phase", phase).add("initialPercent", initialPercent)
                        .add("pendingBytes", 0))).build().toString();
    }

    @Test
    void aRevokedAgentIsRefusedOnTheApiAndItsLiveReplicationSessionIsClosedAtOnce() throws Exception {
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(REVOKED_ITEM, 1L << 20);
        assertEquals(200, asAgent(agent, "GET", "/agents/" + agent.agentId + "/configuration", null).statusCode());
        try (RegisteredTestAgent.Connection connection = agent.connect()) {
            assertEquals(FrameType.WELCOME, connection.reader.read().orElseThrow().type());
            assertEquals(FrameType.RESUME, connection.reader.read().orElseThrow().type());

            long revokedAt = System.nanoTime();
            HttpResponse<String> revoked = LifeboatStack.sendAsAdmin("POST", "/agents/" + agent.agentId + "/revoke",
                    null);
            assertEquals(200, revoked.statusCode(), revoked.body());
            assertTrue(JsonBodies.object(revoked.body()).getBoolean("revoked"), revoked.body());

            // the session idles out only after 120 s: closing within seconds is the revocation's doing
            connection.socket.setSoTimeout(10_000);
            assertClosed(connection);
            long closedAfterMillis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertTrue(closedAfterMillis < 5_000, "closed only after " + closedAfterMillis + " ms");
            System.out.printf("revoked agent's replication session closed %d ms after the revoke call%n",
                    closedAfterMillis);
            assertTrue(ReplicationPortStatus.lastRejectionReason().contains(agent.agentId + " was revoked"),
                    ReplicationPortStatus.lastRejectionReason());
        }

        HttpResponse<String> configuration = asAgent(agent, "GET", "/agents/" + agent.agentId + "/configuration",
                null);
        assertEquals(401, configuration.statusCode(), "a revoked agent's bearer credential still works");
        assertEquals(401, asAgent(agent, "POST", "/agents/" + agent.agentId + "/heartbeat", "{}").statusCode());

        try (RegisteredTestAgent.Connection again = agent.connect()) {
            Frame answer = again.reader.read().orElseThrow();
            assertEquals(FrameType.ERROR, answer.type());
            assertEquals(ErrorCode.UNAUTHENTICATED, ErrorReply.from(answer).code());
        }

        HttpResponse<String> protect = LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + REVOKED_ITEM + "-again",
                "{\"agentId\":\"" + agent.agentId + "\"}");
        assertEquals(409, protect.statusCode(), protect.body());
        assertTrue(JsonBodies.object(protect.body()).getString("error").contains("revoked"), protect.body());

        HttpResponse<String> twice = LifeboatStack.sendAsAdmin("POST", "/agents/" + agent.agentId + "/revoke", null);
        assertEquals(200, twice.statusCode(), twice.body());
        assertTrue(JsonBodies.object(LifeboatStack.getAsAdmin("/agents/" + agent.agentId).body())
                .getBoolean("revoked"));
    }

    @Test
    void aRunningAgentDaemonIsCutOffTheReplicationPortAtOnceWhenRevoked(@TempDir Path dir) throws Exception {
        DiskImage disk = DiskImage.sparse(dir.resolve("disk.img"), 64L << 20);
        disk.scatter(4L << 20, new Random(4));
        Path state = dir.resolve("agent-state");
        LifeboatStack.CommandResult registered = LifeboatStack.agent("register", "--server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(),
                "--disk", disk.file().toString(), "--state", state.toString(), "--name", DAEMON_ITEM);
        assertEquals(0, registered.exitCode(), registered.toString());
        Matcher id = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(registered.stdout());
        assertTrue(id.find(), registered.stdout());
        String agentId = id.group();
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + DAEMON_ITEM, null);
        assertEquals(200, LifeboatStack.sendAsAdmin("PUT", "/protectedItems/" + DAEMON_ITEM,
                "{\"agentId\":\"" + agentId + "\"}").statusCode());

        try (AgentProcess agent = new AgentProcess(state).start()) {
            awaitConnection(state, "CONNECTED", Duration.ofSeconds(60), agent);

            long revokedAt = System.nanoTime();
            assertEquals(200, LifeboatStack.sendAsAdmin("POST", "/agents/" + agentId + "/revoke", null).statusCode());

            // cut off on the replication port at once: the daemon sees its session end and is refused again
            awaitConnection(state, "not CONNECTED", Duration.ofSeconds(5), agent);
            long cutOffMillis = (System.nanoTime() - revokedAt) / 1_000_000;
            long deadline = System.currentTimeMillis() + 10_000;
            // refused on reconnect, or stopped first: its heartbeat at the end of initial replication can meet the 401
            while (!refusedOrStopped(agent.log()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(refusedOrStopped(agent.log()), "the daemon's reconnect was not refused:\n" + agent.log());
            // its next heartbeat or configuration pull is refused too (401, see above) and stops it; that takes
            // up to a minute, so this test does not wait for it
            System.out.printf("revoked agent cut off the replication port after %d ms%n", cutOffMillis);
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + DAEMON_ITEM, null);
        }
    }

    /** Waits for the daemon's connection state ("X", or "not X") in {@code agent status --json}. */
    private static void awaitConnection(Path state, String expected, Duration timeout, AgentProcess agent)
            throws InterruptedException {
        boolean negated = expected.startsWith("not ");
        String phase = negated ? expected.substring(4) : expected;
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            LifeboatStack.CommandResult status = LifeboatStack.agent("status", "--state", state.toString(), "--json");
            if (status.exitCode() == 0) {
                last = JsonBodies.object(status.stdout()).getJsonObject("connection").getString("state");
                if (last.equals(phase) != negated) {
                    return;
                }
            } else if (negated) {
                return; // the daemon is gone already: not connected either
            }
            Thread.sleep(200);
        }
        throw new AssertionError("connection " + last + ", not " + expected + " within " + timeout + ":\n"
                + agent.log());
    }

    @Test
    void aRegeneratedPassphraseReplacesTheOldOneForNewRegistrations() throws Exception {
        Path file = LifeboatStack.HOME.resolve("secrets/registration-passphrase");
        String old = LifeboatStack.read(file);

        HttpResponse<String> regenerated = LifeboatStack.sendAsAdmin("POST", "/agents/passphrase", null);

        assertEquals(200, regenerated.statusCode(), regenerated.body());
        assertTrue(regenerated.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        String fresh = JsonBodies.object(regenerated.body()).getString("passphrase");
        assertNotEquals(old, fresh);
        assertTrue(fresh.length() >= 32, "a passphrase of " + fresh.length() + " characters");
        assertEquals(fresh, LifeboatStack.read(file), "the passphrase file holds the new passphrase");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        HttpResponse<String> withOld = register(old, "agent-api-it-old-passphrase");
        assertEquals(401, withOld.statusCode(), withOld.body());
        HttpResponse<String> withNew = register(fresh, "agent-api-it-new-passphrase");
        assertEquals(201, withNew.statusCode(), withNew.body());
    }

    @Test
    void administratorOperationsNeedAnAdministrator() throws Exception {
        for (String[] call : new String[][]{{"GET", "/agents"}, {"GET", "/agents/x"}, {"POST", "/agents/x/revoke"},
                {"POST", "/agents/passphrase"}}) {
            HttpRequest request = HttpRequest.newBuilder(LifeboatStack.api(call[1])).timeout(Duration.ofSeconds(30))
                    .method(call[0], HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> anonymous = LifeboatStack.http().send(request,
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), call[0] + " " + call[1]);
        }
        // an agent may read itself, but not list, revoke, or touch the passphrase
        RegisteredTestAgent agent = RegisteredTestAgent.registerAndProtect(ITEM + "-role", 1L << 20);
        try {
            assertEquals(200, asAgent(agent, "GET", "/agents/" + agent.agentId, null).statusCode());
            assertEquals(403, asAgent(agent, "POST", "/agents/passphrase", null).statusCode());
            assertEquals(403, asAgent(agent, "POST", "/agents/" + agent.agentId + "/revoke", null).statusCode());
            assertEquals(403, asAgent(agent, "GET", "/agents", null).statusCode());
            assertFalse(JsonBodies.object(LifeboatStack.getAsAdmin("/agents/" + agent.agentId).body())
                    .getBoolean("revoked"));
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM + "-role", null);
        }
    }

    /** The replication connection ends: EOF, a reset, or at most an ERROR frame before it. */
    private static void assertClosed(RegisteredTestAgent.Connection connection) {
        try {
            Optional<Frame> next = connection.readSkippingDurable();
            while (next.isPresent()) {
                assertEquals(FrameType.ERROR, next.get().type(), "the session kept talking: " + next.get().type());
                next = connection.readSkippingDurable();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the replication session is still open 10 s after the revocation", e);
        } catch (IOException e) {
            // closed under the reader: a reset, a TLS close or an EOF in the middle of a frame
        }
    }

    private static HttpResponse<String> register(String passphrase, String name) throws Exception {
        String nonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
        String proof = RegisteredTestAgent.hmac(passphrase, "lifeboat-register\n" + RegisteredTestAgent.fingerprint()
                + "\n" + nonce);
        return RegisteredTestAgent.register("{\"name\":\"" + name + "\",\"hostname\":\"test\",\"agentVersion\":\"it\","
                + "\"disks\":[{\"path\":\"/dev/test\",\"sizeBytes\":1048576}],\"nonce\":\"" + nonce
                + "\",\"passphraseProof\":\"" + proof + "\"}");
    }

    private static HttpResponse<String> asAgent(RegisteredTestAgent agent, String method, String path, String json)
            throws IOException, InterruptedException {
        return LifeboatStack.http().send(HttpRequest.newBuilder(LifeboatStack.api(path)).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + agent.agentId + "." + agent.credential)
                        .header("Content-Type", "application/json")
                        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean refusedOrStopped(String log) {
        return log.contains("UNAUTHENTICATED") || log.contains("Stopping: ") && log.contains("401");
    }
}
