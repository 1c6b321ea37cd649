package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Push installation of the agent onto a discovered VM over SSH, through the real stack: the VM comes from
 * govmomi's vCenter simulator (its discovered address is not reachable, so the requests name 127.0.0.1), the
 * machine is this one through Debian's sshd on 127.0.0.1 with a throwaway user. As root only (creating the user).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushInstallIT {

    private static final String FABRIC = "it-push-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String VC_USER = "administrator@vsphere.local";
    private static final String VC_PASSWORD = "Vc-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private static final List<String> ANSWERS = new ArrayList<>();

    private static VcenterSimulator vcenter;
    private static TestSshd sshd;
    private static String item;
    private static Path disk;
    private static String agentId;
    private static String privateKey;

    @BeforeAll
    static void startTarget() throws Exception {
        Assumptions.assumeTrue(TestSshd.runningAsRoot(), "push installation's test creates a throwaway user: run as root");
        sshd = TestSshd.start(LifeboatStack.HOME.resolveSibling("push-sshd"), LifeboatStack.PORT_BASE + 2200);
        disk = sshd.userFile("disk.img", 16 << 20);
        vcenter = VcenterSimulator.start(VC_USER, VC_PASSWORD);
        item = vcenter.addAndDiscover(FABRIC);
    }

    @AfterAll
    static void stopTarget() throws Exception {
        try {
            if (agentId != null) {
                LifeboatStack.sendAsAdmin("POST", "/agents/" + agentId + "/revoke", null);
            }
            if (vcenter != null) {
                LifeboatStack.sendAsAdmin("DELETE", "/fabrics/" + FABRIC + "/vcenters/vc1", null);
                vcenter.close();
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
        // the key's body: a line of its base64 (the whole PEM could be logged with other line breaks)
        String keyLine = privateKey == null ? null : privateKey.lines().skip(2).findFirst().orElseThrow();
        for (String answer : ANSWERS) {
            assertFalse(sshd != null && answer.contains(sshd.password), "an answer carries the SSH password: " + answer);
            assertFalse(keyLine != null && answer.contains(keyLine), "an answer carries the private key: " + answer);
        }
        if (sshd != null) {
            String log = Files.readString(LifeboatStack.SERVER_LOG);
            assertFalse(log.contains(sshd.password), "the server log carries the SSH password");
            assertFalse(keyLine != null && log.contains(keyLine), "the server log carries the private key");
        }
    }

    @Test
    @Order(1)
    void refusesBadInputNamingTheFieldAndStoresNothing() {
        assertRefused(request().add("port", 70000), 400, "port", "port must be between 1 and 65535, not 70000");
        assertRefused(Json.createObjectBuilder().add("host", "127.0.0.1").add("user", sshd.user)
                .add("disks", Json.createArrayBuilder().add(disk.toString())), 400, "password",
                "give either password or privateKey (a PEM private key), not both and not neither");
        assertRefused(request().add("hostKeyFingerprint", "MD5:aa:bb"), 400, "hostKeyFingerprint",
                "hostKeyFingerprint must be an SSH host key fingerprint as ssh-keygen -lf prints it: SHA256: and 43 "
                        + "base64 characters");
        assertRefused(request().add("disks", Json.createArrayBuilder().add("disk.img")), 400, "disks",
                "every disk must be an absolute path of at most 1024 characters without control characters, not 'disk.img'");
        assertRefused(request().add("sshUser", "x"), 400, "sshUser",
                "unknown field 'sshUser'; installAgent takes host, port, user, password or privateKey, "
                        + "hostKeyFingerprint and disks");
        HttpResponse<String> unknown = send("POST", "/protectableItems/vm:nowhere/vc/vm-1/installAgent",
                request().build().toString());
        assertEquals(404, unknown.statusCode(), unknown.body());
        HttpResponse<String> none = send("GET", "/protectableItems/" + item + "/installAgent", null);
        assertEquals(404, none.statusCode(), "a refused request stored an installation: " + none.body());
    }

    @Test
    @Order(2)
    void aWrongHostKeyPinFailsAtConnectAndChangesNothingOnTheTarget() throws Exception {
        String other = "SHA256:" + "A".repeat(43);
        JsonObject job = install(request().add("hostKeyFingerprint", other));

        assertEquals("Failed", job.getString("state"), job.toString());
        JsonObject connect = step(job, "Connect and verify the host key");
        assertEquals("Failed", connect.getString("state"));
        assertEquals("the host key of 127.0.0.1:" + sshd.port + " is " + sshd.hostKeyFingerprint() + ", not the pinned "
                + other + ": another machine, or the machine's key changed. Nothing was sent to it",
                connect.getString("detail"));
        assertTrue(job.getJsonArray("steps").getValuesAs(JsonObject.class).stream().skip(1)
                .allMatch(s -> s.getString("state").equals("NotStarted")), job.toString());
        assertFalse(Files.exists(sshd.home.resolve("lifeboat-agent")), "the target was changed");
        assertFalse(sshd.log().contains("Accepted password"), "the installer logged in despite the wrong host key");
    }

    @Test
    @Order(3)
    void aWrongPasswordFailsWithAClearReason() throws Exception {
        JsonObject job = install(Json.createObjectBuilder().add("host", "127.0.0.1").add("port", sshd.port)
                .add("user", sshd.user).add("password", "not-" + sshd.password)
                .add("disks", Json.createArrayBuilder().add(disk.toString())));

        assertEquals("Failed", job.getString("state"), job.toString());
        String detail = step(job, "Connect and verify the host key").getString("detail");
        assertTrue(detail.startsWith("SSH login as '" + sshd.user + "' to 127.0.0.1:" + sshd.port
                + " was refused: wrong password"), detail);
        assertFalse(Files.exists(sshd.home.resolve("lifeboat-agent")), "the target was changed");
    }

    @Test
    @Order(4)
    void aTokenUsedAfterItsLifetimeIsRefusedAndRegistersNothing() throws Exception {
        int agentsBefore = JsonBodies.array(send("GET", "/agents", null).body()).size();
        LifeboatStack.asadmin("create-system-properties", "lifeboat.push.token-lifetime=2");
        sshd.delayRegistrations(6); // a machine slow to register: its token is 6 s old when it is used
        JsonObject job;
        try {
            job = install(request());
        } finally {
            sshd.delayRegistrations(0);
            LifeboatStack.asadmin("delete-system-property", "lifeboat.push.token-lifetime");
        }

        assertEquals("Failed", job.getString("state"), job.toString());
        JsonObject register = step(job, "Register");
        assertEquals("Failed", register.getString("state"), job.toString());
        String detail = register.getString("detail");
        assertTrue(detail.startsWith("the agent's registration failed (exit code 6): The server refused the "
                + "registration token (the registration token expired at "), detail);
        assertTrue(detail.contains("; install again for a new one"), detail);
        assertTrue(job.getJsonArray("steps").getValuesAs(JsonObject.class).stream().skip(4)
                .allMatch(s -> s.getString("state").equals("NotStarted")), job.toString());
        assertEquals(agentsBefore, JsonBodies.array(send("GET", "/agents", null).body()).size(),
                "the expired token registered an agent");
        assertFalse(Files.exists(sshd.home.resolve("lifeboat-agent/state")), "a refused registration left its state");
        assertFalse(Files.exists(sshd.home.resolve("lifeboat-agent/registration-token")), "the token file was left");
        assertFalse(JsonBodies.object(send("GET", "/protectableItems/" + item + "/installAgent", null).body())
                .containsKey("agentId"));
    }

    @Test
    @Order(5)
    void installsRegistersWithAOneTimeTokenStartsAndHeartbeats() throws Exception {
        JsonObject job = install(request());

        assertEquals("Succeeded", job.getString("state"), job.toString());
        for (JsonObject step : job.getJsonArray("steps").getValuesAs(JsonObject.class)) {
            assertEquals("Succeeded", step.getString("state"), step.toString());
        }
        assertEquals(List.of("Connect and verify the host key", "Check the target", "Copy the agent", "Register",
                "Install the service", "Start", "First heartbeat"), job.getJsonArray("steps")
                .getValuesAs(JsonObject.class).stream().map(s -> s.getString("name")).toList());
        assertTrue(step(job, "Connect and verify the host key").getString("detail")
                .endsWith("host key " + sshd.hostKeyFingerprint() + " pinned on first use"), job.toString());
        assertTrue(step(job, "Start").getString("detail").startsWith("systemd does not run on the target"),
                job.toString());

        JsonObject installation = JsonBodies.object(send("GET", "/protectableItems/" + item + "/installAgent", null).body());
        assertEquals(sshd.hostKeyFingerprint(), installation.getString("hostKeyFingerprint"));
        assertEquals("PinnedOnFirstUse", installation.getString("hostKeyTrust"));
        assertEquals("PASSWORD", installation.getString("credentialKind"));
        assertEquals(job.getString("id"), installation.getString("jobId"));
        assertFalse(installation.containsKey("password"), installation.toString());
        agentId = installation.getString("agentId");

        JsonObject agent = JsonBodies.object(send("GET", "/agents/" + agentId, null).body());
        assertNotNull(agent.get("lastHeartbeatAt"), agent.toString());
        assertFalse(agent.getBoolean("revoked"));
        assertEquals(disk.toString(), agent.getJsonArray("disks").getJsonObject(0).getString("path"));

        JsonObject vm = JsonBodies.array(send("GET", "/protectableItems", null).body()).getValuesAs(JsonObject.class)
                .stream().filter(i -> i.getString("id").equals(item)).findFirst().orElseThrow();
        assertEquals(agentId, vm.getJsonObject("agent").getString("agentId"), vm.toString());
        assertEquals("PushInstall", vm.getString("matchedBy"), vm.toString());
        HttpResponse<String> again = send("POST", "/protectableItems/" + item + "/installAgent", request().build().toString());
        assertEquals(409, again.statusCode(), again.body());

        Path jar = sshd.home.resolve("lifeboat-agent/lifeboat-agent.jar");
        assertEquals(sha256(LifeboatStack.AGENT_JAR), sha256(jar), "the jar on the target is not the agent's");
        assertFalse(Files.exists(sshd.home.resolve("lifeboat-agent/registration-token")), "the token file was left");
        assertTrue(Files.readString(sshd.home.resolve(".config/systemd/user/lifeboat-agent.service"))
                .contains("-jar " + jar + " run --state " + sshd.home.resolve("lifeboat-agent/state")));
        String pid = Files.readString(sshd.home.resolve("lifeboat-agent/agent.pid")).strip();
        assertTrue(Files.exists(Path.of("/proc", pid)), "the agent does not run");
        assertFalse(Files.readString(Path.of("/proc", pid, "cmdline")).contains(token()),
                "the token is on the agent's command line");
    }

    @Test
    @Order(6)
    void theTokenCannotBeUsedAgain() throws Exception {
        Assumptions.assumeTrue(agentId != null, "the installation did not succeed");
        Path state = Files.createTempDirectory(LifeboatStack.HOME.getParent(), "push-replay");
        Files.delete(state);
        Path tokenFile = sshd.home.resolve(".seen-token");
        int agentsBefore = JsonBodies.array(send("GET", "/agents", null).body()).size();

        LifeboatStack.CommandResult again = LifeboatStack.agent("register", "--server", LifeboatStack.access().get("API"),
                "--token-file", tokenFile.toString(), "--disk", disk.toString(), "--state", state.toString());

        assertEquals(6, again.exitCode(), again.toString()); // ExitCodes.REFUSED
        assertTrue(again.stderr().startsWith("The server refused the registration token (the registration token was "
                + "used already (at "), again.toString());
        assertFalse(Files.exists(state), "a refused registration left a state directory");
        assertEquals(agentsBefore, JsonBodies.array(send("GET", "/agents", null).body()).size(),
                "the used token registered another agent");
    }

    @Test
    @Order(7)
    void installsWithAPrivateKeyAfterTheFirstAgentWasRevoked() throws Exception {
        Assumptions.assumeTrue(agentId != null, "the installation did not succeed");
        assertEquals(200, send("POST", "/agents/" + agentId + "/revoke", null).statusCode());
        agentId = null;
        sshd.uninstallAgent();
        privateKey = sshd.authorizeNewKey();

        JsonObject job = install(Json.createObjectBuilder().add("host", "127.0.0.1").add("port", sshd.port)
                .add("user", sshd.user).add("privateKey", privateKey)
                .add("disks", Json.createArrayBuilder().add(disk.toString())));

        assertEquals("Succeeded", job.getString("state"), job.toString());
        for (JsonObject step : job.getJsonArray("steps").getValuesAs(JsonObject.class)) {
            assertEquals("Succeeded", step.getString("state"), step.toString());
        }
        assertTrue(sshd.log().contains("Accepted publickey for " + sshd.user), "sshd did not see a key login");
        JsonObject installation = JsonBodies.object(send("GET", "/protectableItems/" + item + "/installAgent", null).body());
        assertEquals("PRIVATE_KEY", installation.getString("credentialKind"));
        assertEquals(job.getString("id"), installation.getString("jobId"));
        assertFalse(installation.containsKey("privateKey"), installation.toString());
        agentId = installation.getString("agentId");
        JsonObject agent = JsonBodies.object(send("GET", "/agents/" + agentId, null).body());
        assertNotNull(agent.get("lastHeartbeatAt"), agent.toString());
        assertFalse(agent.getBoolean("revoked"));
    }

    // --- helpers --------------------------------------------------------------------------------------

    private static JsonObjectBuilder request() {
        return Json.createObjectBuilder().add("host", "127.0.0.1").add("port", sshd.port).add("user", sshd.user)
                .add("password", sshd.password).add("disks", Json.createArrayBuilder().add(disk.toString()));
    }

    private static JsonObject install(JsonObjectBuilder request) throws InterruptedException {
        HttpResponse<String> accepted = send("POST", "/protectableItems/" + item + "/installAgent",
                request.build().toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        return ApiJobs.awaitEnd(accepted, Duration.ofMinutes(5));
    }

    private static void assertRefused(JsonObjectBuilder request, int status, String field, String error) {
        HttpResponse<String> refused = send("POST", "/protectableItems/" + item + "/installAgent",
                request.build().toString());
        assertEquals(status, refused.statusCode(), refused.body());
        JsonObject body = JsonBodies.object(refused.body());
        assertEquals(field, body.getString("field"), refused.body());
        assertEquals(error, body.getString("error"));
    }

    private static JsonObject step(JsonObject job, String name) {
        return job.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals(name)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> send(String method, String path, String json) {
        HttpResponse<String> response = method.equals("GET") ? LifeboatStack.getAsAdmin(path)
                : LifeboatStack.sendAsAdmin(method, path, json);
        ANSWERS.add(response.body());
        return response;
    }

    private static String token() throws Exception {
        return Files.readAllLines(sshd.home.resolve(".seen-token")).stream().filter(l -> l.startsWith("token="))
                .findFirst().orElseThrow().substring("token=".length());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
