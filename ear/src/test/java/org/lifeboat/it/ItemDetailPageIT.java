package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A protected item's page in headless Chromium, as an operator reads and edits it: failover settings refused beside
 * their field with the API's message (nothing stored), then saved and shown as the API serves them; the recovery
 * point timeline (an app- and a crash-consistent point) as the API lists the points; the item's events, empty, then
 * the RPO alert the API raised. One machine replicating, one browser; each page saved as a screenshot and checked
 * with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ItemDetailPageIT {

    private static final String SUFFIX = Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL);
    private static final String ITEM = "item-page-it-" + SUFFIX;
    /** A 1-minute RPO threshold: the agent paused past it raises the alert the item's events then show. */
    private static final String POLICY = "item-page-it-rpo1-" + SUFFIX;
    private static final String SETTINGS = "/protectedItems/" + ITEM + "/failoverSettings";

    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ReplicatingMachine machine;
    private ConsolePages.ItemDetail detail;

    /** A failed step leaves the page it was on, screenshot and HTML, for the person reading the report. */
    @RegisterExtension
    final TestWatcher keepFailedPage = ConsoleBrowser.keepingFailedPages(() -> browser);

    @BeforeAll
    void openTheItemOfAMachineReplicating(@TempDir Path profile) throws Exception {
        HttpResponse<String> policy = LifeboatStack.sendAsAdmin("PUT", "/replicationPolicies/" + POLICY,
                "{\"rpoThresholdMinutes\":1,\"retentionHours\":24,\"appConsistentFrequencyHours\":0,"
                        + "\"crashConsistentFrequencyMinutes\":5}");
        assertTrue(policy.statusCode() == 201 || policy.statusCode() == 200, policy.body());
        // freeze hooks that succeed: an app-consistent bookmark is an app-consistent point
        machine = ReplicatingMachine.start(dir, ITEM, POLICY, List.of("--pre-freeze", "true", "--post-thaw", "true"));
        browser = new ConsoleBrowser(profile);
        detail = ConsolePages.Login.open(browser).signIn("admin", LifeboatStack.adminPassword()).items().open(ITEM);
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            if (machine != null) {
                machine.close();
            }
            LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    @Order(1)
    void refusedFailoverSettingsAreShownBesideTheirFieldAndNothingIsStored() {
        browser.visited("item");
        String before = LifeboatStack.getAsAdmin(SETTINGS).body();
        assertTrue(detail.settingsEditable(), "a replicating item's failover settings are editable");

        detail.setting("vmSize", "huge");
        detail.saveSettings();
        // the API refuses the same value with the same words, naming the same field
        HttpResponse<String> api = LifeboatStack.sendAsAdmin("PUT", SETTINGS, "{\"vmSize\":\"huge\"}");
        assertEquals(400, api.statusCode(), api.body());
        JsonObject refusal = JsonBodies.object(api.body());
        assertEquals("vmSize", refusal.getString("field"));
        assertEquals(refusal.getString("error"), detail.settingsMessageBeside("vmSize"));
        assertEquals("vmSize must be an Azure VM size such as Standard_D2s_v5", detail.settingsMessageBeside("vmSize"));
        assertEquals("", detail.settingsMessageBeside("targetVmName"));
        assertEquals(before, LifeboatStack.getAsAdmin(SETTINGS).body(), "a refused value was stored");
        browser.visited("item-settings-refused");

        // a rule across fields: a static IP needs its network
        detail.setting("vmSize", "Standard_D2s_v5");
        detail.setting("staticIp", "10.0.1.20");
        detail.saveSettings();
        assertEquals("a static IP needs the network and subnet it belongs to (networkId, subnet)",
                detail.settingsMessageBeside("staticIp"));
        assertEquals("", detail.settingsMessageBeside("vmSize"));
        assertEquals(before, LifeboatStack.getAsAdmin(SETTINGS).body(), "a refused value was stored");
    }

    @Test
    @Order(2)
    void validFailoverSettingsAreStoredAndShownAsTheApiServesThem() {
        String vmName = "web-" + SUFFIX;
        detail.setting("staticIp", "");
        detail.setting("targetVmName", vmName);
        detail.setting("vmSize", "Standard_D2s_v5");
        detail.bootDisk(machine.diskId);
        detail.saveSettings();
        assertTrue(detail.settingsMessages().contains("Failover settings of '" + ITEM + "' saved."),
                detail.settingsMessages());

        JsonObject stored = JsonBodies.object(LifeboatStack.getAsAdmin(SETTINGS).body());
        assertEquals(vmName, stored.getString("targetVmName"));
        assertEquals("Standard_D2s_v5", stored.getString("vmSize"));
        assertEquals(machine.diskId, stored.getString("bootDiskId"));
        assertTrue(unset(stored, "staticIp"), stored.toString());
        assertEquals(vmName, detail.storedSetting("targetVmName"));
        assertEquals("Standard_D2s_v5", detail.storedSetting("vmSize"));
        assertEquals(machine.diskId, detail.storedSetting("bootDiskId"));
        assertEquals("none: dynamic", detail.storedSetting("staticIp"));
        browser.visited("item-settings-saved");
    }

    @Test
    @Order(3)
    void theTimelineShowsThePointsAsTheApiListsThem() throws Exception {
        String app = machine.appConsistentBookmark();
        String crash = machine.bookmark();
        // the page polls every 5 s; the agent may add points of its own meanwhile: compared with each read
        List<String> shown = browser.waitUntil(Duration.ofSeconds(60), d -> {
            List<String> timeline = detail.timeline();
            return timeline.equals(expectedTimeline()) ? timeline : null;
        });
        assertTrue(shown.contains(app + "|App-consistent||Boot not verified"), shown.toString());
        assertTrue(shown.contains(crash + "|Crash-consistent||Boot not verified"), shown.toString());
        assertTrue(shown.indexOf(crash + "|Crash-consistent||Boot not verified")
                < shown.indexOf(app + "|App-consistent||Boot not verified"), "not newest first: " + shown);
        detail.show("pointsHeading");
        browser.visited("item-timeline");
    }

    /** The API's points as the timeline's first page shows them, 20 at most. */
    private static List<String> expectedTimeline() {
        List<String> expected = new ArrayList<>();
        for (JsonObject point : JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems/" + ITEM
                + "/recoveryPoints").body()).getValuesAs(JsonObject.class)) {
            expected.add(point.getString("id") + "|"
                    + ("APP_CONSISTENT".equals(point.getString("consistency")) ? "App-consistent" : "Crash-consistent")
                    + "|" + (unset(point, "groupRoundTag") ? "" : "Group round " + point.getString("groupRoundTag"))
                    + "|" + (unset(point, "bootVerification") ? "Boot not verified"
                    : "Boot verification: " + point.getJsonObject("bootVerification").getString("outcome")));
        }
        return expected.subList(0, Math.min(20, expected.size())); // the API lists them newest first too
    }

    /** The API leaves unset values out of its bodies. */
    private static boolean unset(JsonObject body, String field) {
        return !body.containsKey(field) || body.isNull(field);
    }

    @Test
    @Order(4)
    void theItemsEventsAreWhatTheApiServesForIt() throws Exception {
        if (apiEvents().isEmpty()) {
            assertTrue(detail.eventsEmptyMessage().startsWith("No event about this item yet"),
                    detail.eventsEmptyMessage());
        }
        // the agent paused past the policy's 1-minute threshold: the RPO alert about this item
        machine.agent.pause();
        try {
            RpoAlerts.await(ITEM, a -> a.getBoolean("active"), Duration.ofMinutes(3), machine::diagnosis);
            List<String> shown = browser.waitUntil(Duration.ofSeconds(30), d -> {
                List<String> events = detail.itemEvents();
                return !events.isEmpty() && events.equals(apiEvents()) ? events : null;
            });
            assertTrue(shown.stream().anyMatch(e -> e.startsWith("WARNING|") || e.startsWith("CRITICAL|")), shown.toString());
            detail.show("eventsHeading");
            browser.visited("item-events");
        } finally {
            machine.agent.resume();
        }
    }

    @Test
    @Order(5)
    void replicationIsDisabledFromTheItemPageOnlyAfterItsConfirmation() {
        int before = RecoveryPoints.ids(ITEM).size();
        String says = detail.request("disable");
        int after = RecoveryPoints.ids(ITEM).size();
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("^Removes " + ITEM + " and its (\\d+) recovery "
                + "point\\(s\\) at once; its seed disks are deleted in Azure Storage right after\\..*This cannot be "
                + "undone").matcher(says);
        assertTrue(named.find(), says);
        int count = Integer.parseInt(named.group(1));
        assertTrue(count == before || count == after, says + " (the API lists " + before + ", then " + after + ")");
        browser.visited("item-disable-confirm");
        detail.decline();
        assertEquals(200, LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).statusCode(), "disabled on No");

        detail.request("disable");
        detail.confirm();
        assertTrue(detail.removed().startsWith(ITEM + " is no longer protected."), detail.removed());
        HttpResponse<String> gone = LifeboatStack.getAsAdmin("/protectedItems/" + ITEM);
        assertEquals(404, gone.statusCode(), gone.body());
        assertTrue(Events.about(ITEM, 20).contains("INFO|Replication disabled for '" + ITEM + "'; its blobs are being "
                + "removed"), Events.about(ITEM, 20).toString());
        browser.visited("item-disabled");
    }

    /** {@code GET /events?subject=ITEM}, newest 20, as the page's rows read "SEVERITY|message". */
    private static List<String> apiEvents() {
        return Events.about(ITEM, 20);
    }
}
