package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's recovery plan, job and event pages in headless Chromium, as an operator uses them: a plan built in
 * the editor (a refused field shown beside it, nothing stored), its test failover run to its manual action and
 * resumed from the job's page, the jobs list, the events filters. One browser, one sign-in and one replicating
 * machine for the class; every page visited is saved as a screenshot and checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagesIT {

    /** A run of its own: the names of an earlier run's leftovers on a kept stack do not collide. */
    private static final String SUFFIX = Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL);
    private static final String ITEM = "pages-it-" + SUFFIX;
    private static final String PLAN = "pages-it-plan-" + SUFFIX;
    private static final String MANUAL = "Check the shop answers on port 443";
    /** A 1-minute RPO threshold: the agent paused past it raises the alert the alerts page acknowledges. */
    private static final String POLICY = "pages-it-rpo1-" + SUFFIX;
    private static final String FABRIC = "pages-it-" + SUFFIX;
    private static final String VCENTER = "vc-" + SUFFIX;
    /** Typed into password fields: never to be found in a page. */
    private static final String SECRET = "Pw-" + SUFFIX + "-never-shown";

    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ReplicatingMachine machine;
    /** The page the previous step left the browser on. */
    private ConsolePages.SignedIn page;

    /** A failed step leaves the page it was on, screenshot and HTML, for the person reading the report. */
    @RegisterExtension
    final TestWatcher keepFailedPage = ConsoleBrowser.keepingFailedPages(() -> browser);

    @BeforeAll
    void signInWithAMachineReplicating(@TempDir Path profile) throws Exception {
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":1,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":5}");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 200, policy.body());
        machine = ReplicatingMachine.start(dir, ITEM, POLICY);
        browser = new ConsoleBrowser(profile);
        page = ConsolePages.Login.open(browser).signIn("admin", LifeboatStack.adminPassword());
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            if (LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).body().contains("\"testFailoverCleanup\"")) {
                // a step failed after the drill: clean it up, or the item cannot be deleted
                try {
                    ApiJobs.awaitEnd(LifeboatStack.sendAsAdmin("POST", "/recoveryPlans/" + PLAN
                            + "/testFailoverCleanup", null), Duration.ofMinutes(5));
                } catch (RuntimeException | AssertionError e) {
                    // the failure that led here is what the report shows
                }
            }
            LifeboatStack.sendAsAdmin("DELETE", "/recoveryPlans/" + PLAN, null);
            LifeboatStack.sendAsAdmin("DELETE", "/settings/mail", null);
            LifeboatStack.sendAsAdmin("DELETE", "/fabrics/" + FABRIC + "/vcenters/" + VCENTER, null);
            if (machine != null) {
                machine.agent.resume(); // in case the alert step failed while it was paused
                machine.close();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    @Order(1)
    void thePlanEditorShowsTheApisRefusalBesideItsFieldAndStoresNothing() {
        ConsolePages.RecoveryPlans plans = page.plans();
        browser.visited("plans");
        ConsolePages.PlanEditor editor = plans.newPlan();
        page = editor;
        browser.visited("plan-new");
        editor.name(PLAN);
        editor.addItem(0, ITEM);
        editor.addAction(0, "postActions", "Manual", " ");

        editor.saveRefused();
        assertEquals("a manual action says what to do in its text", editor.messageBeside("groups:0:postActions:0:value"));
        assertEquals("", editor.messageBeside("name"));
        assertEquals(404, LifeboatStack.getAsAdmin("/recoveryPlans/" + PLAN).statusCode(), "a refused plan was stored");
        browser.visited("plan-refused");

        editor.actionValue(0, "postActions", 0, MANUAL);
        editor.save();
        assertTrue(editor.pageMessages().contains("Recovery plan '" + PLAN + "' created"), editor.pageMessages());
        JsonObject stored = JsonBodies.object(LifeboatStack.getAsAdmin("/recoveryPlans/" + PLAN).body());
        assertEquals(List.of(ITEM), stored.getJsonArray("groups").getJsonObject(0).getJsonArray("items")
                .getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(MANUAL, stored.getJsonArray("groups").getJsonObject(0).getJsonArray("postActions")
                .getJsonObject(0).getString("text"));
    }

    @Test
    @Order(2)
    void thePlansTestFailoverWaitsForItsManualActionAndIsResumedFromTheJobsPage() throws Exception {
        ConsolePages.PlanEditor editor = (ConsolePages.PlanEditor) page;
        machine.bookmark(); // a processed point to fail over to
        String says = editor.request("testFailover");
        assertTrue(says.contains("latest processed point"), says);
        ConsolePages.JobPage job = editor.confirm();
        page = job;

        assertEquals("Suspended", job.awaitState(Set.of("Suspended", "Failed", "Succeeded"), Duration.ofMinutes(5)),
                job.steps().toString());
        assertEquals("WaitingForManualAction: " + MANUAL, job.description());
        browser.visited("job-waiting");

        job.resume("shop answers");
        assertEquals("Succeeded", job.awaitState(Set.of("Failed", "Succeeded"), Duration.ofMinutes(5)),
                job.steps().toString());
        assertTrue(job.steps().stream().anyMatch(s -> s.contains("manual action") && s.contains("shop answers")),
                job.steps().toString());
        assertEquals("Succeeded", ApiJobs.get(job.id()).getString("state"));
        browser.visited("job-succeeded");

        JsonObject cleaned = ApiJobs.awaitEnd(LifeboatStack.sendAsAdmin("POST", "/recoveryPlans/" + PLAN
                + "/testFailoverCleanup", null), Duration.ofMinutes(5));
        assertEquals("Succeeded", cleaned.getString("state"), cleaned.toString());
    }

    @Test
    @Order(3)
    void theJobsPageListsThePlansRun() {
        ConsolePages.Jobs jobs = page.jobs();
        page = jobs;
        assertEquals("Succeeded", jobs.stateOf(PLAN).orElseThrow());
        browser.visited("jobs");
    }

    @Test
    @Order(4)
    void theEventsPageFiltersAsTheApiDoes() {
        ConsolePages.Events events = page.events();
        page = events;
        browser.visited("events");
        for (String severity : List.of("INFO", "WARNING")) {
            events.severity(severity);
            List<String> expected = apiEvents("severity=" + severity);
            browser.waitUntil(Duration.ofSeconds(30), d -> events.rows().equals(apiEvents("severity=" + severity)));
            List<String> shown = events.rows();
            assertTrue(shown.stream().allMatch(r -> r.startsWith(severity + "|")), shown.toString());
            assertTrue(!expected.isEmpty() || severity.equals("WARNING"), "no INFO event at all");
        }
        events.severity("");
        events.subject("no-such-subject");
        browser.waitUntil(Duration.ofSeconds(30), d -> events.rows().isEmpty());
        browser.visited("events-none");
    }

    @Test
    @Order(5)
    void theItemPagesResyncSaysWhatHappensAndItsJobSucceeds() throws Exception {
        ConsolePages.ItemDetail item = page.items().open(ITEM);
        page = item;
        item.awaitAction("resync", Duration.ofSeconds(30));
        assertFalse(browser.all(org.openqa.selenium.By.id("detail:disable")).isEmpty(), "no Disable replication");
        browser.visited("item-actions");
        String says = item.request("resync");
        assertTrue(says.contains("block by block") && says.contains("only the blocks that differ"), says);
        browser.visited("item-resync-confirm");
        item.confirm();
        String shown = browser.waitUntil(Duration.ofSeconds(30), d -> item.messages().contains("Resync of")
                ? item.messages() : null);
        String jobId = shown.replaceAll("(?s).*\\(job ([^)]+)\\).*", "$1");
        JsonObject job = ApiJobs.awaitEnd(jobId, Duration.ofMinutes(3));
        assertEquals("Resync", job.getString("kind"), job.toString());
        assertEquals(ITEM, job.getString("target"), job.toString());
        assertEquals("Succeeded", job.getString("state"), job.toString());
        browser.visited("item-resync-started");
        // the alerts step needs an open alert: the agent paused past the policy's 1-minute threshold raises one
        machine.agent.pause();
    }

    @Test
    @Order(6)
    void anInvalidMailSettingIsRefusedBesideItsFieldThenSavedWithoutThePasswordRendered() throws Exception {
        ConsolePages.MailSettings mail = page.mailSettings();
        page = mail;
        browser.visited("mail");
        HttpResponse<String> before = LifeboatStack.getAsAdmin("/settings/mail");

        mail.save("127.0.0.1", 70000, "lifeboat@example.org", "ops@example.org, oncall@example.org", "relay", SECRET);
        assertEquals("port must be between 1 and 65535", mail.messageBeside("port"));
        assertEquals("", mail.messageBeside("host"));
        HttpResponse<String> after = LifeboatStack.getAsAdmin("/settings/mail");
        assertEquals(before.statusCode() + before.body(), after.statusCode() + after.body(), "a refused form changed them");
        browser.visited("mail-refused");

        mail.save(null, 25, null, null, null, SECRET); // a refused form's password field is empty again
        assertTrue(mail.pageMessages().contains("Mail settings"), mail.pageMessages());
        assertEquals("", mail.messageBeside("port"));
        JsonObject stored = JsonBodies.object(LifeboatStack.getAsAdmin("/settings/mail").body());
        assertEquals("127.0.0.1", stored.getString("host"));
        assertEquals(25, stored.getInt("port"));
        assertEquals(List.of("ops@example.org", "oncall@example.org"), stored.getJsonArray("recipients")
                .getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("relay", stored.getString("username"));
        assertTrue(stored.getBoolean("passwordSet"), stored.toString());
        assertFalse(browser.pageSource().contains(SECRET), "the page carries the SMTP password");
        assertEquals("set: leave empty to keep it", mail.passwordPlaceholder());
        browser.visited("mail-saved");
        // no alert of the next steps is to be e-mailed to port 25
        assertEquals(204, LifeboatStack.sendAsAdmin("DELETE", "/settings/mail", null).statusCode());
    }

    @Test
    @Order(7)
    void aVcenterIsAddedOnlyAfterItsCertificateIsShownAndAPortThatIsNotTlsIsRefused() throws Exception {
        ConsolePages.Vcenters vcenters = page.vcenters();
        page = vcenters;
        browser.visited("vcenters");
        String fetch = "/fabrics/" + FABRIC + "/vcenters/fetchCertificate";
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answerPlainHttp(plain), "plain-http");
            answering.setDaemon(true);
            answering.start();
            vcenters.fill(FABRIC, VCENTER, "127.0.0.1", plain.getLocalPort(), "administrator@vsphere.local", SECRET);
            vcenters.fetchCertificate();
            String beside = browser.waitUntil(Duration.ofSeconds(30), d -> vcenters.messageBeside("port").isEmpty()
                    ? null : vcenters.messageBeside("port"));
            assertTrue(beside.startsWith("127.0.0.1:" + plain.getLocalPort() + " does not speak TLS"), beside);
            HttpResponse<String> refused = LifeboatStack.sendAsAdmin("POST", fetch,
                    "{\"host\":\"127.0.0.1\",\"port\":" + plain.getLocalPort() + "}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("port", JsonBodies.object(refused.body()).getString("field"), refused.body());
            assertTrue(JsonBodies.object(refused.body()).getString("error").contains("does not speak TLS"), refused.body());
            browser.visited("vcenters-not-tls");
        }
        assertEquals(404, LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "/vcenters/" + VCENTER).statusCode());

        // a TLS endpoint whose certificate the test knows: the stack's own HTTPS port
        int https = LifeboatStack.console().getPort();
        String expected = sha256(LifeboatStack.serverCertificate());
        vcenters.fill(null, null, LifeboatStack.console().getHost(), https, null, SECRET);
        vcenters.fetchCertificate();
        assertEquals(expected, vcenters.fingerprint());
        HttpResponse<String> presented = LifeboatStack.sendAsAdmin("POST", fetch,
                "{\"host\":\"" + LifeboatStack.console().getHost() + "\",\"port\":" + https + "}");
        assertEquals(200, presented.statusCode(), presented.body());
        assertEquals(expected, JsonBodies.object(presented.body()).getString("sha256Fingerprint"));
        assertEquals(404, LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "/vcenters/" + VCENTER).statusCode(),
                "fetching the certificate stored the vCenter");
        browser.visited("vcenters-certificate");

        String says = vcenters.requestAdd();
        assertTrue(says.contains(expected), says);
        vcenters.confirm();
        browser.waitUntil(Duration.ofSeconds(30), d -> vcenters.pageMessages().contains("added"));
        JsonObject stored = JsonBodies.object(LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "/vcenters/" + VCENTER)
                .body());
        assertEquals(expected, stored.getJsonObject("certificate").getString("pinnedFingerprint"), stored.toString());
        assertFalse(browser.pageSource().contains(SECRET), "the page carries the vCenter password");
        // the stack is no vCenter: its discovery ends, and the page shows how, as the API does
        String shown = browser.waitUntil(Duration.ofMinutes(2), d -> vcenters.discoveryState(VCENTER)
                .filter(s -> s.equals("Succeeded") || s.equals("Failed")).orElse(null));
        JsonObject discovered = JsonBodies.object(LifeboatStack.getAsAdmin("/fabrics/" + FABRIC + "/vcenters/"
                + VCENTER).body());
        assertEquals(discovered.getJsonObject("lastDiscovery").getString("state"), shown, discovered.toString());
        browser.visited("vcenters-discovered");
    }

    @Test
    @Order(8)
    void anOpenAlertIsAcknowledgedAndStaysListedAsAcknowledged() throws Exception {
        JsonObject raised = RpoAlerts.await(ITEM, a -> a.getBoolean("active"), Duration.ofMinutes(3),
                machine::status);
        long id = raised.getJsonNumber("id").longValue();
        ConsolePages.Alerts alerts = page.alerts();
        page = alerts;
        alerts.subject(ITEM);
        browser.visited("alerts");
        String says = alerts.requestAcknowledge(id);
        assertTrue(says.contains("RpoThresholdExceeded") && says.contains(ITEM) && says.contains("stays open"), says);
        alerts.confirm();
        String shown = alerts.awaitAcknowledged(ITEM, Duration.ofSeconds(30));
        assertTrue(shown.startsWith("by admin at "), shown);
        JsonObject acknowledged = RpoAlerts.of(ITEM, true).stream()
                .filter(a -> a.getJsonNumber("id").longValue() == id).findFirst().orElseThrow();
        assertEquals("admin", acknowledged.getString("acknowledgedBy"), acknowledged.toString());
        assertTrue(acknowledged.getBoolean("active"), "acknowledging closed the alert: " + acknowledged);
        browser.visited("alerts-acknowledged");
        machine.agent.resume();

        HttpResponse<String> notAnAlert = LifeboatStack.sendAsAdmin("POST", "/events/" + Long.MAX_VALUE
                + "/acknowledge", null);
        assertEquals(404, notAnAlert.statusCode(), notAnAlert.body());
    }

    @Test
    @Order(9)
    void theProcessServersPageShowsWhatTheApiServes() {
        ConsolePages.ProcessServers servers = page.processServers();
        page = servers;
        JsonObject api = JsonBodies.array(LifeboatStack.getAsAdmin("/processServers").body()).getJsonObject(0);
        assertEquals(List.of(api.getString("name")), servers.names());
        browser.visited("process-servers");
    }

    @Test
    @Order(10)
    void aReplicationGroupWithoutMembersIsRefusedBesideItsFieldThenCreated() {
        ConsolePages.ReplicationGroups groups = page.groups();
        page = groups;
        String group = "pages-it-group-" + SUFFIX;
        groups.name(group);
        groups.save();
        assertEquals("a replication group needs at least one protected item", groups.messageBeside("items"));
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationGroups/" + group).statusCode(), "a refused group was stored");
        browser.visited("groups-refused");
        groups.tick(ITEM);
        groups.save();
        assertEquals(ITEM, browser.waitUntil(Duration.ofSeconds(30), d -> groups.members(group).orElse(null)));
        JsonObject stored = JsonBodies.object(LifeboatStack.getAsAdmin("/replicationGroups/" + group).body());
        assertEquals(List.of(ITEM), stored.getJsonArray("items").getValuesAs(jakarta.json.JsonString::getString));
        browser.visited("groups");

        // edited: loaded into the form, moved to the item's policy, as the API then has it
        assertEquals("Change replication group " + group, groups.edit(group));
        groups.choosePolicy(POLICY);
        groups.save();
        assertEquals(POLICY, browser.waitUntil(Duration.ofSeconds(30), d -> groups.policy(group)
                .filter(POLICY::equals).orElse(null)));
        stored = JsonBodies.object(LifeboatStack.getAsAdmin("/replicationGroups/" + group).body());
        assertEquals(POLICY, stored.getString("policy"), stored.toString());
        assertEquals(List.of(ITEM), stored.getJsonArray("items").getValuesAs(jakarta.json.JsonString::getString));
        browser.visited("groups-edited");

        // deleted after its confirmation: the member replicates on, on its own
        String says = groups.requestDelete(group);
        assertTrue(says.startsWith("Its 1 member(s) (" + ITEM + ") replicate on as separate items"), says);
        browser.visited("groups-delete-confirm");
        groups.confirm();
        browser.waitUntil(Duration.ofSeconds(30), d -> groups.members(group).isEmpty());
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationGroups/" + group).statusCode());
        assertEquals(200, LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).statusCode());
    }

    /** Answers every connection in plain HTTP, as a web server without TLS would. */
    private static void answerPlainHttp(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static String sha256(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    /** The newest events as the API lists them, as the page's rows read ("SEVERITY|subject|message"). */
    private static List<String> apiEvents(String query) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/events?max=50&" + query).body()).stream()
                .map(v -> v.asJsonObject())
                .map(e -> e.getString("severity") + "|" + e.getString("subject", "") + "|"
                        + e.getString("message").strip())
                .toList();
    }
}
