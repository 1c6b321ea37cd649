package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vCenter discovery against govmomi's simulator, through the real stack: the inventory appears as
 * protectable items, wrong passwords, unreachable hosts and changed certificates fail the job with
 * their reason, a destroyed VM disappears at the next discovery, and no answer carries the password.
 */
class DiscoveryIT {

    private static final String FABRIC = "it-discovery-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
    private static final String USER = "administrator@vsphere.local";
    private static final String PASSWORD = "Vc-" + Base64.getUrlEncoder().encodeToString(new SecureRandom().generateSeed(12));

    private static VcenterSimulator vcenter;
    /** Every answer the tests got, to check none carries the password. */
    private static final List<String> ANSWERS = new ArrayList<>();

    @BeforeAll
    static void startSimulator() throws Exception {
        vcenter = VcenterSimulator.start(USER, PASSWORD);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        for (String name : List.of("vc1", "wrong", "nowhere", "renewed", "xxe")) {
            send("DELETE", "/fabrics/" + FABRIC + "/vcenters/" + name, null);
        }
        if (vcenter != null) {
            vcenter.close();
        }
        get("/events?max=1000");
        for (String answer : ANSWERS) {
            assertFalse(answer.contains(PASSWORD), "an answer carries the vCenter password: " + answer);
        }
        java.nio.file.Path log = LifeboatStack.HOME.resolve("domains/lifeboat/logs/server.log");
        assertFalse(java.nio.file.Files.readString(log).contains(PASSWORD), "the server log carries the vCenter password");
    }

    @Test
    void inventoryAppearsAsProtectableItemsAndARemovedVmDisappears() throws Exception {
        HttpResponse<String> added = send("PUT", "/fabrics/" + FABRIC + "/vcenters/vc1", body(vcenter.port(), PASSWORD));
        assertEquals(202, added.statusCode(), added.body());
        JsonObject job = awaitJob(added);
        assertEquals("Succeeded", job.getString("state"), job.toString());
        assertEquals("VcenterDiscovery", job.getString("kind"));
        assertEquals(FABRIC + "/vc1", job.getString("target"));
        assertEquals(100, job.getInt("progressPercent"));
        assertTrue(job.getString("result").contains("4 VM(s)"), job.toString());

        JsonObject vc = JsonBodies.object(get("/fabrics/" + FABRIC + "/vcenters/vc1").body());
        assertEquals("Succeeded", vc.getJsonObject("lastDiscovery").getString("state"));
        assertEquals(job.getString("id"), vc.getJsonObject("lastDiscovery").getString("jobId"));
        assertEquals(List.of("DC0"), vc.getJsonArray("datacenters").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertEquals(4, vc.getJsonArray("hosts").size(), vc.toString());
        assertEquals(4, vc.getInt("vmCount"));
        assertEquals(USER, vc.getString("user"));
        assertFalse(vc.containsKey("password"), vc.toString());
        assertEquals("PinnedOnFirstUse", vc.getJsonObject("certificate").getString("trust"));
        assertEquals(vcenter.certificateFingerprint(), vc.getJsonObject("certificate").getString("pinnedFingerprint"));

        JsonObject vm = vmItem("DC0_H0_VM0").orElseThrow(() -> new AssertionError("DC0_H0_VM0 is not protectable"));
        assertEquals("VirtualMachine", vm.getString("kind"));
        assertFalse(vm.getBoolean("protected"));
        JsonObject details = vm.getJsonObject("vm");
        assertEquals("vc1", details.getString("vcenter"));
        assertEquals("DC0", details.getString("datacenter"));
        assertEquals("DC0_H0", details.getString("host"));
        assertTrue(details.getString("moref").startsWith("vm-"), details.toString());
        assertTrue(details.getString("biosUuid").matches("[0-9a-f-]{36}"), details.toString());
        assertTrue(details.getString("instanceUuid").matches("[0-9a-f-]{36}"), details.toString());
        assertEquals("poweredOn", details.getString("powerState"));
        assertEquals("otherGuest", details.getString("guestOs"));
        assertTrue(details.getString("guestHostname").startsWith("dc0_h0_vm0."), details.toString());
        assertTrue(details.getJsonArray("ipAddresses").getString(0).startsWith("10.0."), details.toString());
        assertTrue(details.getInt("cpus") >= 1 && details.getJsonNumber("memoryMiB").longValue() > 0, details.toString());
        JsonObject disk = details.getJsonArray("disks").getJsonObject(0);
        assertTrue(disk.getJsonNumber("capacityBytes").longValue() > 0, disk.toString());
        assertTrue(disk.getString("backingFile").endsWith(".vmdk"), disk.toString());
        assertTrue(vmItem("DC0_H0_VM1").isPresent());

        vcenter.destroy("DC0_H0_VM1");
        HttpResponse<String> rediscovered = send("POST", "/fabrics/" + FABRIC + "/vcenters/vc1/discover", null);
        assertEquals(202, rediscovered.statusCode(), rediscovered.body());
        assertEquals("Succeeded", awaitJob(rediscovered).getString("state"));
        assertTrue(vmItem("DC0_H0_VM1").isEmpty(), "a destroyed VM is still protectable");
        assertTrue(vmItem("DC0_H0_VM0").isPresent());
    }

    @Test
    void anAgentIsMatchedToItsVmByBiosUuidAndShownProtected() throws Exception {
        try (VcenterSimulator own = VcenterSimulator.start(USER, PASSWORD)) {
            HttpResponse<String> added = send("PUT", "/fabrics/" + FABRIC + "/vcenters/renewed", body(own.port(), PASSWORD));
            assertEquals("Succeeded", awaitJob(added).getString("state"));
            JsonObject vm = item(i -> i.get("vm") instanceof JsonObject && i.getJsonObject("vm").getString("fabric").equals(FABRIC)
                    && i.getJsonObject("vm").getString("vcenter").equals("renewed")
                    && i.getString("name").equals("DC0_C0_RP0_VM0")).orElseThrow();
            String biosUuid = vm.getJsonObject("vm").getString("biosUuid");

            String name = "it-match-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffL);
            String agentId = registerAgent(name, name, biosUuid.toUpperCase());
            JsonObject matched = item(i -> i.getString("id").equals(vm.getString("id"))).orElseThrow();
            assertEquals(agentId, matched.getJsonObject("agent").getString("agentId"), matched.toString());
            assertEquals("BiosUuid", matched.getString("matchedBy"));
            assertFalse(matched.getBoolean("protected"));
            assertTrue(item(i -> i.getString("id").equals("agent:" + agentId)).isEmpty(),
                    "a matched agent is listed again on its own");

            // an agent that could not read its BIOS UUID is matched by the host name its VM's guest reports
            JsonObject other = item(i -> i.get("vm") instanceof JsonObject && i.getJsonObject("vm").getString("fabric")
                    .equals(FABRIC) && i.getJsonObject("vm").getString("vcenter").equals("renewed")
                    && i.getString("name").equals("DC0_C0_RP0_VM1")).orElseThrow();
            String byName = registerAgent(name + "-h", other.getJsonObject("vm").getString("guestHostname").toUpperCase(),
                    null);
            JsonObject matchedByName = item(i -> i.getString("id").equals(other.getString("id"))).orElseThrow();
            assertEquals(byName, matchedByName.getJsonObject("agent").getString("agentId"), matchedByName.toString());
            assertEquals("Hostname", matchedByName.getString("matchedBy"));

            // the agents list says the same
            JsonObject listed = JsonBodies.object(get("/agents/" + agentId).body()).getJsonObject("matchedVm");
            assertEquals("DC0_C0_RP0_VM0", listed.getString("name"), listed.toString());
            assertEquals(vm.getString("id"), listed.getString("protectableItemId"));
            assertEquals("BiosUuid", listed.getString("matchedBy"));

            // a VM without an agent cannot be protected; the one with its agent matched can, by its item id
            JsonObject bare = item(i -> i.get("vm") instanceof JsonObject && i.getJsonObject("vm").getString("fabric")
                    .equals(FABRIC) && i.getJsonObject("vm").getString("vcenter").equals("renewed")
                    && (!i.containsKey("agent") || i.isNull("agent"))).orElseThrow();
            HttpResponse<String> refused = send("PUT", "/protectedItems/" + name,
                    "{\"protectableItemId\":\"" + bare.getString("id") + "\"}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("protectableItemId", JsonBodies.object(refused.body()).getString("field"));
            assertTrue(JsonBodies.object(refused.body()).getString("error").contains("no registered mobility agent"));
            HttpResponse<String> enabled = send("PUT", "/protectedItems/" + name,
                    "{\"protectableItemId\":\"" + vm.getString("id") + "\"}");
            assertEquals(200, enabled.statusCode(), enabled.body());
            assertEquals(agentId, JsonBodies.object(enabled.body()).getString("agentId"));
            try {
                JsonObject protectedVm = item(i -> i.getString("id").equals(vm.getString("id"))).orElseThrow();
                assertTrue(protectedVm.getBoolean("protected"), protectedVm.toString());
                assertEquals(name, protectedVm.getString("protectedItem"));
            } finally {
                send("DELETE", "/protectedItems/" + name, null);
            }
        }
    }

    @Test
    void wrongPasswordFailsTheJobAndTheVcenterShowsWhy() throws Exception {
        try (VcenterSimulator other = VcenterSimulator.start(USER, PASSWORD)) {
            HttpResponse<String> added = send("PUT", "/fabrics/" + FABRIC + "/vcenters/wrong",
                    body(other.port(), "not-" + PASSWORD));
            assertEquals(202, added.statusCode(), added.body());
            JsonObject job = awaitJob(added);
            assertEquals("Failed", job.getString("state"), job.toString());
            assertTrue(job.getString("error").contains("wrong user name or password"), job.toString());

            JsonObject vc = JsonBodies.object(get("/fabrics/" + FABRIC + "/vcenters/wrong").body());
            assertEquals("Failed", vc.getJsonObject("lastDiscovery").getString("state"));
            assertEquals(job.getString("error"), vc.getJsonObject("lastDiscovery").getString("error"));
            assertEquals(0, vc.getInt("vmCount"));
        }
    }

    @Test
    void unreachableHostFailsTheJob() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HttpResponse<String> added = send("PUT", "/fabrics/" + FABRIC + "/vcenters/nowhere", body(closed, PASSWORD));
        JsonObject job = awaitJob(added);
        assertEquals("Failed", job.getString("state"), job.toString());
        assertTrue(job.getString("error").startsWith("unreachable host"), job.toString());
        JsonObject vc = JsonBodies.object(get("/fabrics/" + FABRIC + "/vcenters/nowhere").body());
        assertEquals("Failed", vc.getJsonObject("lastDiscovery").getString("state"));
        assertTrue(vc.getJsonObject("lastDiscovery").getString("error").startsWith("unreachable host"));
    }

    @Test
    void aChangedCertificateIsRefusedUntilTheOperatorSuppliesIt() throws Exception {
        try (VcenterSimulator reinstalled = VcenterSimulator.start(USER, PASSWORD)) {
            String path = "/fabrics/" + FABRIC + "/vcenters/cert-" + reinstalled.port();
            try {
                assertEquals("Succeeded", awaitJob(send("PUT", path, body(reinstalled.port(), PASSWORD)))
                        .getString("state"));
                String pinned = reinstalled.certificateFingerprint();

                reinstalled.restart(); // same address, new certificate
                JsonObject refused = awaitJob(send("POST", path + "/discover", null));
                assertEquals("Failed", refused.getString("state"));
                assertTrue(refused.getString("error").contains("certificate changed"), refused.toString());
                assertTrue(refused.getString("error").contains(pinned), refused.toString());
                JsonObject vc = JsonBodies.object(get(path).body());
                assertEquals(pinned, vc.getJsonObject("certificate").getString("pinnedFingerprint"));

                JsonObject supplied = Json.createObjectBuilder(JsonBodies.object(body(reinstalled.port(), PASSWORD)))
                        .add("certificate", reinstalled.certificatePem()).build();
                JsonObject accepted = awaitJob(send("PUT", path, supplied.toString()));
                assertEquals("Succeeded", accepted.getString("state"), accepted.toString());
                vc = JsonBodies.object(get(path).body());
                assertEquals("Supplied", vc.getJsonObject("certificate").getString("trust"));
                assertEquals(reinstalled.certificateFingerprint(),
                        vc.getJsonObject("certificate").getString("pinnedFingerprint"));
            } finally {
                send("DELETE", path, null);
            }
        }
    }

    @Test
    void aCertificateNeitherPinnedNorSuppliedIsRefusedUnlessTrustedOnFirstUse() throws Exception {
        try (VcenterSimulator unknown = VcenterSimulator.start(USER, PASSWORD)) {
            String path = "/fabrics/" + FABRIC + "/vcenters/tofu-" + unknown.port();
            try {
                JsonObject plain = JsonBodies.object(body(unknown.port(), PASSWORD));
                HttpResponse<String> refused = send("PUT", path, Json.createObjectBuilder(plain)
                        .remove("trustOnFirstUse").build().toString());
                assertEquals(400, refused.statusCode(), refused.body());
                JsonObject error = JsonBodies.object(refused.body());
                assertEquals("trustOnFirstUse", error.getString("field"), refused.body());
                assertTrue(error.getString("error").contains(unknown.certificateFingerprint()),
                        "the refusal does not list the certificate's fingerprint: " + refused.body());
                assertEquals(404, get(path).statusCode(), "a refused vCenter was added");

                HttpResponse<String> refusedAgain = send("PUT", path, Json.createObjectBuilder(plain)
                        .add("trustOnFirstUse", false).build().toString());
                assertEquals(400, refusedAgain.statusCode(), refusedAgain.body());

                JsonObject pinned = awaitJob(send("PUT", path, Json.createObjectBuilder(plain).remove("trustOnFirstUse")
                        .add("certificateFingerprint", unknown.certificateFingerprint().toUpperCase()).build().toString()));
                assertEquals("Succeeded", pinned.getString("state"), pinned.toString());
                JsonObject vc = JsonBodies.object(get(path).body());
                assertEquals("Pinned", vc.getJsonObject("certificate").getString("trust"), vc.toString());
                assertEquals(unknown.certificateFingerprint(), vc.getJsonObject("certificate").getString("pinnedFingerprint"));
            } finally {
                send("DELETE", path, null);
            }
        }
    }

    /**
     * An answer with a DOCTYPE declaring an external entity (XXE) that points at a local file: the file's
     * content never appears anywhere, and the discovery fails saying why.
     */
    @Test
    void aVcenterAnswerWithAnExternalEntityIsRefusedAndTheFileNeverLeaks() throws Exception {
        String marker = "xxe-marker-" + Long.toHexString(new SecureRandom().nextLong());
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("lifeboat-xxe", ".txt");
        java.nio.file.Files.writeString(secret, marker);
        String answer = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE soapenv:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
                + "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>&xxe;</faultstring><detail/>"
                + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
        com.sun.net.httpserver.HttpsServer server = hostileVcenter(answer);
        String path = "/fabrics/" + FABRIC + "/vcenters/xxe";
        try {
            JsonObject put = Json.createObjectBuilder().add("host", "127.0.0.1").add("port", server.getAddress().getPort())
                    .add("user", USER).add("password", PASSWORD)
                    .add("certificate", LifeboatStack.read(LifeboatStack.serverCertificate())).build();
            JsonObject job = awaitJob(send("PUT", path, put.toString()));

            assertEquals("Failed", job.getString("state"), job.toString());
            assertTrue(job.getString("error").contains("DOCTYPE"), "no clear reason: " + job);
            JsonObject vc = JsonBodies.object(get(path).body());
            assertEquals(job.getString("error"), vc.getJsonObject("lastDiscovery").getString("error"));
            String everything = job + vc.toString() + get("/events?max=1000").body() + get("/jobs?max=1000").body()
                    + get("/protectableItems").body() + java.nio.file.Files.readString(
                    LifeboatStack.HOME.resolve("domains/lifeboat/logs/server.log"));
            assertFalse(everything.contains(marker), "the local file's content leaked through an XML entity");
        } finally {
            server.stop(0);
            send("DELETE", path, null);
            java.nio.file.Files.deleteIfExists(secret);
        }
    }

    /** An HTTPS server with the Lifeboat certificate that answers every request with this SOAP fault. */
    private static com.sun.net.httpserver.HttpsServer hostileVcenter(String answer) throws Exception {
        char[] password = LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/tls-keystore-password")).strip()
                .toCharArray();
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(LifeboatStack.HOME.resolve("tls/server.p12"))) {
            keys.load(in, password);
        }
        javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        managers.init(keys, password);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] bytes = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
            exchange.sendResponseHeaders(500, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void theTimerRediscoversOnItsOwn() throws Exception {
        try (VcenterSimulator own = VcenterSimulator.start(USER, PASSWORD)) {
            String path = "/fabrics/" + FABRIC + "/vcenters/timed";
            assertEquals("Succeeded", awaitJob(send("PUT", path, body(own.port(), PASSWORD))).getString("state"));
            own.destroy("DC0_H0_VM0");
            // the interval is read at each look of the timer: no restart needed
            LifeboatStack.asadmin("create-system-properties", "lifeboat.discovery.interval-seconds=2");
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (item(i -> i.get("vm") instanceof JsonObject && i.getJsonObject("vm").getString("fabric")
                        .equals(FABRIC) && i.getJsonObject("vm").getString("vcenter").equals("timed")
                        && i.getString("name").equals("DC0_H0_VM0")).isPresent()) {
                    assertTrue(System.nanoTime() < deadline, "the timer did not rediscover within a minute");
                    Thread.sleep(1000);
                }
                var jobs = JsonBodies.array(get("/jobs?kind=VcenterDiscovery&target=" + FABRIC + "/timed").body());
                assertTrue(jobs.size() >= 2, jobs.toString());
            } finally {
                LifeboatStack.asadmin("delete-system-property", "lifeboat.discovery.interval-seconds");
                send("DELETE", path, null);
            }
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    static String body(int port, String password) {
        return Json.createObjectBuilder().add("host", "127.0.0.1").add("port", port).add("user", USER)
                .add("password", password).add("trustOnFirstUse", true).build().toString();
    }

    private static Optional<JsonObject> vmItem(String name) {
        return item(i -> i.get("vm") instanceof JsonObject && i.getJsonObject("vm").getString("fabric").equals(FABRIC)
                && i.getJsonObject("vm").getString("vcenter").equals("vc1") && i.getString("name").equals(name));
    }

    private static Optional<JsonObject> item(java.util.function.Predicate<JsonObject> which) {
        HttpResponse<String> items = get("/protectableItems");
        assertEquals(200, items.statusCode(), items.body());
        return JsonBodies.array(items.body()).getValuesAs(JsonObject.class).stream().filter(which).findFirst();
    }

    /** Follows a 202's Location until the job ends (a minute at most). */
    static JsonObject awaitJob(HttpResponse<String> accepted) throws InterruptedException {
        String id = ApiJobs.id(accepted);
        URI location = URI.create(accepted.headers().firstValue("Location").orElseThrow());
        assertTrue(location.getPath().endsWith("/api/v1/jobs/" + id), location.toString());
        return ApiJobs.awaitEnd(id, Duration.ofMinutes(1));
    }

    static String registerAgent(String name, String hostname, String biosUuid) throws Exception {
        String nonce = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
        String proof = RegisteredTestAgent.hmac(LifeboatStack.read(LifeboatStack.HOME.resolve(
                "secrets/registration-passphrase")), "lifeboat-register\n" + RegisteredTestAgent.fingerprint() + "\n" + nonce);
        var body = Json.createObjectBuilder().add("name", name).add("hostname", hostname).add("agentVersion", "it");
        if (biosUuid != null) {
            body.add("biosUuid", biosUuid);
        }
        body.add("disks", Json.createArrayBuilder().add(Json.createObjectBuilder().add("path", "/dev/sda")
                        .add("sizeBytes", 1 << 20)))
                .add("nonce", nonce).add("passphraseProof", proof);
        HttpResponse<String> registered = RegisteredTestAgent.register(body.build().toString());
        assertEquals(201, registered.statusCode(), registered.body());
        return JsonBodies.object(registered.body()).getString("agentId");
    }

    static HttpResponse<String> send(String method, String path, String json) {
        HttpResponse<String> response = LifeboatStack.sendAsAdmin(method, path, json);
        synchronized (ANSWERS) {
            ANSWERS.add(response.body());
        }
        return response;
    }

    static HttpResponse<String> get(String path) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin(path);
        synchronized (ANSWERS) {
            ANSWERS.add(response.body());
        }
        return response;
    }
}
