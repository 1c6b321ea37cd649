package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in headless Chromium, as an operator uses it: one browser and one sign-in for the whole class
 * (the steps build on each other, in order); every page visited is saved as a screenshot and checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String ITEM = "console-it";
    private static final String POLICY = "console-it-policy";
    private static final String TARGET_VM = "console-it-vm";

    /** The machine's disk and agent state, for the whole class (the agent runs across the steps). */
    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ReplicatingMachine machine;
    /** The page the previous step left the browser on. */
    private ConsolePages.SignedIn page;

    @BeforeAll
    void openBrowser(@TempDir Path profile) {
        // an earlier run stopped half-way may have left its item, and the item its policy
        LifeboatStack.sendAsAdmin("DELETE", "/protectedItems/" + ITEM, null);
        LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
        // and confirmed the recovery key saved: the dashboard reminds of it until then
        LifeboatStack.sendAsAdmin("DELETE", "/vault/recoveryKeyConfirmation", null);
        browser = new ConsoleBrowser(profile);
    }

    @AfterAll
    void closeBrowser() throws Exception {
        try {
            if (machine != null) {
                // kept beside the screenshots: the @TempDir with the agent's own log is deleted
                Files.writeString(browser.screenshots().resolve("agent.log"), machine.agent.log());
                machine.close();
            }
            LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
        } finally {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aStrangerIsSentToTheLoginPageAndAWrongPasswordIsRefused() {
        browser.open("");
        browser.waitFor(org.openqa.selenium.By.id("login:signIn"));
        ConsolePages.Login login = new ConsolePages.Login(browser);
        assertTrue(browser.url().endsWith("/login.xhtml"), browser.url());
        browser.visited("login");

        login.submit("admin", "not-the-password");
        assertTrue(login.messages().contains("Wrong user name or password"), login.messages());
        assertTrue(browser.all(org.openqa.selenium.By.id("overall")).isEmpty());
        browser.visited("login-refused");
    }

    @Test
    @Order(2)
    void theAdministratorSeesTheDashboard() {
        ConsolePages.Dashboard dashboard = ConsolePages.Login.open(browser).signIn("admin", LifeboatStack.adminPassword());
        page = dashboard;

        assertEquals("UP", dashboard.overall());
        assertEquals("admin", dashboard.administrator());
        assertEquals(List.of("database", "storage", "replicationListener", "timers"), dashboard.parts());
        assertTrue(dashboard.vaultReminder().contains("./lifeboat vault export-key"), dashboard.vaultReminder());
        browser.visited("dashboard");
        page = dashboard.items();
        browser.visited("protected-items");
    }

    @Test
    @Order(3)
    void invalidPolicyValuesAreRefusedBesideTheirFieldsAndNothingIsSaved() {
        ConsolePages.Policies policies = page.policies();
        page = policies;
        browser.visited("policies");

        policies.save(POLICY, 0, 24, 1);
        assertEquals("rpoThresholdMinutes must be between 1 and 1440, not 0", policies.messageBeside(
                "rpoThresholdMinutes"));
        assertEquals("", policies.messageBeside("retentionHours"));
        assertEquals(404, LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY).statusCode());
        browser.visited("policies-invalid");

        policies.save("not a name!", 30, 24, 1);
        assertTrue(policies.messageBeside("name").startsWith("a replication policy's name is 1 to"),
                policies.messageBeside("name"));
        assertEquals("", policies.messageBeside("rpoThresholdMinutes"));

        // a crash-consistent point every minute, for the item enabled next. The agent takes no point of its own after
        // initial replication when that ends before its first schedule check (5 s), as it may for this 64 MiB disk
        // (BookmarkScheduler arms that point only on seeing initial replication in progress): the point the console
        // last waited for in vain. The policy's minute brings one either way.
        policies.save(POLICY, 30, 24, 1);
        assertTrue(policies.pageMessages().contains("Policy '" + POLICY + "' created"), policies.pageMessages());
        assertTrue(policies.names().contains(POLICY), policies.names().toString());
        assertEquals(200, LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY).statusCode());
    }

    @Test
    @Order(4)
    void aRegisteredAgentIsEnabledFromTheWizardAndItsItemPageShowsProgressAndTheFirstPointWithoutReloading()
            throws Exception {
        machine = ReplicatingMachine.startEnabledBy(dir, ITEM, agentId -> {
            ConsolePages.EnableReplication wizard = page.enableReplication();
            browser.visited("enable");
            assertEquals(ITEM, wizard.chooseAgent(agentId), "picking the agent proposes its name for the item");
            wizard.choosePolicy(POLICY);
            wizard.targetVmName(TARGET_VM);
            browser.visited("enable-filled");
            ConsolePages.ItemDetail detail = wizard.enable();
            page = detail;
            browser.markDocument();
            // the agent is not running yet: the page starts from nothing
            assertEquals("InitialReplication", detail.state());
            assertFalse(detail.initialProgress().contains("100 %"), detail.initialProgress());
            JsonObject item = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + ITEM).body());
            assertEquals(agentId, item.getString("agentId"), item.toString());
            assertEquals(POLICY, item.getString("policy"), item.toString());
            return item.getJsonArray("disks").getJsonObject(0).getString("diskId");
        });
        JsonObject settings = JsonBodies.object(LifeboatStack.getAsAdmin("/protectedItems/" + ITEM
                + "/failoverSettings").body());
        assertEquals(TARGET_VM, settings.getString("targetVmName"), settings.toString());

        ConsolePages.ItemDetail detail = (ConsolePages.ItemDetail) page;
        try {
            // the policy's minute plus the point's processing, on a shared machine
            detail.awaitProtected(Duration.ofMinutes(3));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the item page never showed 100 % and a point; it shows " + detail.initialProgress()
                    + " and " + detail.pointIds() + "\n" + machine.diagnosis(), e);
        }
        assertTrue(browser.sameDocument(), "the item page updates itself: it must not have been reloaded");
        browser.waitUntil(Duration.ofSeconds(30), d -> "Protected".equals(detail.state()));
        String first = RecoveryPoints.awaitFirst(ITEM, Duration.ofSeconds(10));
        assertTrue(detail.pointIds().contains(first), detail.pointIds() + " lacks " + first);
        browser.visited("item-protected");
    }

    @Test
    @Order(5)
    void theProtectedItemsTableShowsTheItemReplicatedAndFilters() {
        ConsolePages.ProtectedItems items = page.items();
        page = items;
        items.awaitReplicated(ITEM, Duration.ofSeconds(30));

        items.filterByName("no-such-item-name");
        browser.waitUntil(Duration.ofSeconds(30), d -> items.names().isEmpty());
        items.filterByName(ITEM);
        browser.waitUntil(Duration.ofSeconds(30), d -> items.names().equals(List.of(ITEM)));
        browser.visited("protected-items-replicated");
        page = items.open(ITEM);
    }

    @Test
    @Order(6)
    void theItemPageChartsItsRpoOverTheLastHours() {
        ConsolePages.ItemDetail detail = (ConsolePages.ItemDetail) page;
        // the monitoring tick (10 s) samples it; the page's poll (5 s) draws it
        int thresholdMinutes = machine.status().getInt("rpoThresholdMinutes");
        List<Long> values = browser.waitUntil(Duration.ofMinutes(1), d -> {
            List<Long> drawn = detail.rpoChartValues();
            return !drawn.isEmpty() && detail.rpoSummary().equals("Worst RPO in the last 6 hours: "
                    + drawn.stream().mapToLong(Long::longValue).max().orElseThrow() + " s (threshold "
                    + thresholdMinutes + " min)") ? drawn : null;
        });
        long threshold = thresholdMinutes * 60L;
        assertTrue(values.stream().allMatch(v -> v >= 0 && v < threshold), values + " against " + threshold);
        browser.visited("item-rpo-chart");
    }

    @Test
    @Order(7)
    void theDashboardShowsTheReplicatingItemAsTheApiDoesAndTheRecoveryKeyIsConfirmedSaved() {
        ConsolePages.Dashboard dashboard = page.dashboard();
        page = dashboard;
        // the list is read in bulk (a fixed number of queries): each item as its own read gives it
        browser.waitUntil(Duration.ofSeconds(30), d -> comparable(JsonBodies.array(LifeboatStack.getAsAdmin(
                "/protectedItems").body()).stream().map(JsonValue::asJsonObject)
                .filter(i -> i.getString("name").equals(ITEM)).findFirst().orElseThrow())
                .equals(comparable(machine.status())));
        // items by health, as GET /protectedItems counts them (the page polls every 5 s: both may move)
        browser.waitUntil(Duration.ofSeconds(30), d -> dashboard.itemsByHealth().equals(healthCounts()));
        // the worst items' RPO lines: items the API lists, the worst first as the summary says
        Map<String, List<Long>> lines = browser.waitUntil(Duration.ofMinutes(1), d -> {
            Map<String, List<Long>> drawn = dashboard.rpoChartLines();
            return drawn.containsKey(ITEM) || drawn.size() == 10 ? drawn : null;
        });
        Set<String> listed = new TreeSet<>(JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems").body()).stream()
                .map(i -> i.asJsonObject().getString("name")).toList());
        assertTrue(listed.containsAll(lines.keySet()), lines.keySet() + " not all in " + listed);
        String worst = lines.keySet().iterator().next();
        assertTrue(dashboard.rpoSummary().startsWith("Worst RPO in the last 6 hours: "), dashboard.rpoSummary());
        assertTrue(dashboard.rpoSummary().contains(" s (" + worst + "); charted: " + lines.size() + " of "),
                dashboard.rpoSummary());
        // the process server as GET /processServers has it, with its throughput chart
        JsonObject server = JsonBodies.array(LifeboatStack.getAsAdmin("/processServers").body()).getJsonObject(0);
        assertEquals(String.valueOf(server.getInt("connectedAgents")), dashboard.processServerFact("connectedAgents"));
        assertEquals(List.of("Received from agents (MB/s)", "Uploaded to Azure (MB/s)"), dashboard.throughputSeries());
        assertTrue(dashboard.vaultReminder().contains("./lifeboat vault export-key"), dashboard.vaultReminder());
        browser.visited("dashboard-replicating");

        String confirmed = dashboard.confirmVaultKeySaved();
        assertTrue(confirmed.startsWith("Recovery key kept off-site: confirmed by admin at "), confirmed);
        assertFalse(dashboard.remindsOfTheVaultKey());
        JsonObject vault = JsonBodies.object(LifeboatStack.getAsAdmin("/vault").body());
        assertEquals("admin", vault.getString("recoveryKeyConfirmedBy"));
        String confirmedAt = vault.getString("recoveryKeyConfirmedAt");
        assertTrue(confirmed.contains(confirmedAt), confirmed + " against " + confirmedAt);
        // a second confirmation keeps the first
        JsonObject again = JsonBodies.object(LifeboatStack.sendAsAdmin("POST", "/vault/recoveryKeyConfirmation", null)
                .body());
        assertEquals(confirmedAt, again.getString("recoveryKeyConfirmedAt"));
        browser.visited("dashboard-key-confirmed");
        // withdrawn through the API, the reminder is back on the next poll
        JsonObject withdrawn = JsonBodies.object(LifeboatStack.sendAsAdmin("DELETE", "/vault/recoveryKeyConfirmation",
                null).body());
        assertTrue(!withdrawn.containsKey("recoveryKeyConfirmedAt") || withdrawn.isNull("recoveryKeyConfirmedAt"),
                withdrawn.toString());
        browser.waitUntil(Duration.ofSeconds(30), d -> dashboard.remindsOfTheVaultKey());
        page = dashboard.items().open(ITEM);
    }

    /** An item's fields that do not move from one read to the next (the RPO and the rates do). */
    private static List<Object> comparable(JsonObject item) {
        // Arrays.asList: a field the API leaves out (no group) is null
        return Arrays.asList(item.getString("state"), item.get("latestRecoveryPoint"), item.get("replicationGroup"),
                item.get("allowedOperations"), item.get("disks").asJsonArray().size(), item.getString("policy"));
    }

    /** The dashboard's "items by health" as GET /protectedItems counts them: worst first, one line each. */
    private static String healthCounts() {
        Map<String, Long> counts = JsonBodies.array(LifeboatStack.getAsAdmin("/protectedItems").body()).stream()
                .collect(Collectors.groupingBy(i -> i.asJsonObject().getString("health"), Collectors.counting()));
        return Stream.of("Critical", "Warning", "Normal").filter(counts::containsKey)
                .map(health -> counts.get(health) + " " + health).collect(Collectors.joining("\n"));
    }

    @Test
    @Order(8)
    void aTestFailoverIsRunAndCleanedUpFromTheItemPage() {
        ConsolePages.ItemDetail detail = (ConsolePages.ItemDetail) page;
        String says = detail.request("testFailover");
        assertTrue(says.contains("the latest processed recovery point") && says.contains(ITEM + "-test"), says);
        browser.visited("item-test-failover-confirm");
        detail.confirm();
        detail.awaitAction("testFailoverCleanup", Duration.ofMinutes(3));
        assertEquals("Succeeded", detail.testFailoverState());
        assertEquals("Succeeded", machine.status().getString("testFailoverState"));
        browser.visited("item-test-failover");

        says = detail.request("testFailoverCleanup");
        assertTrue(says.contains("Recovery points and replication are not touched"), says);
        detail.confirm();
        browser.waitUntil(Duration.ofMinutes(3), d -> "None".equals(detail.testFailoverState()));
        detail.awaitAction("testFailover", Duration.ofSeconds(30));
        assertEquals("None", machine.status().getString("testFailoverState"));
        assertEquals("Protected", machine.status().getString("protectionState"));

        // the drill is in the item's events, as GET /events?subject=ITEM has it (the page polls)
        List<String> events = browser.waitUntil(Duration.ofSeconds(30), d -> {
            List<String> shown = detail.itemEvents();
            return shown.equals(Events.about(ITEM, 20)) ? shown : null;
        });
        // the newest two: an earlier run on the same stack may have left events about an item of this name
        assertTrue(events.size() >= 2, events.toString());
        assertEquals("INFO|Test failover of '" + ITEM + "' cleaned up: cleaned up from the console", events.get(0));
        assertTrue(events.get(1).startsWith("INFO|Test failover of '" + ITEM + "' succeeded from recovery point "),
                events.toString());
        detail.show("eventsHeading");
        browser.visited("item-test-failover-events");
    }

    @Test
    @Order(9)
    void aFailoverToAChosenPointIsMovedToAnotherPointAndCommittedNamingThePointsItDeletes() {
        ConsolePages.ItemDetail detail = (ConsolePages.ItemDetail) page;
        // the policy's minute gives the item a second point soon after its first
        List<String> points = browser.waitUntil(Duration.ofMinutes(3), d -> {
            List<String> ids = RecoveryPoints.ids(ITEM);
            return ids.size() >= 2 ? ids : null;
        });
        String chosen = points.get(0);
        String other = points.get(1);

        // a failover cancelled first: its confirmation says what it deletes and keeps, and the item replicates again
        String says = detail.request("unplannedFailover");
        assertTrue(says.contains("Until you commit, you can change the point or cancel"), says);
        detail.confirm();
        detail.awaitAction("failoverCancel", Duration.ofMinutes(3));
        assertEquals("Recovery", machine.status().getString("activeLocation"));
        browser.visited("item-failed-over-to-cancel");
        says = detail.request("failoverCancel");
        assertTrue(says.contains("Deletes the failover disks and the ARM deployment, and resumes replication of " + ITEM)
                && says.contains("The recovery points are kept"), says);
        browser.visited("item-cancel-confirm");
        detail.confirm();
        detail.awaitAction("unplannedFailover", Duration.ofMinutes(3));
        browser.waitUntil(Duration.ofSeconds(30), d -> "Protected".equals(detail.state()));
        JsonObject cancelled = machine.status();
        assertEquals("Protected", cancelled.getString("protectionState"), cancelled.toString());
        assertEquals("Primary", cancelled.getString("activeLocation"), cancelled.toString());
        assertTrue(RecoveryPoints.ids(ITEM).containsAll(points), "a cancel keeps the points: " + points + " -> "
                + RecoveryPoints.ids(ITEM));
        browser.visited("item-failover-cancelled");
        int stopsBefore = occurrences(machine.agent.log(), "is no longer protected");

        // picked on the timeline: the picker above the actions and the confirmation name it
        detail.show("pointsHeading");
        detail.pickOnTimeline(chosen);
        browser.visited("item-point-picked-on-timeline");
        assertTrue(detail.pickedPoint().endsWith(chosen), detail.pickedPoint());
        says = detail.request("unplannedFailover");
        assertTrue(says.contains("recovery point " + chosen), says);
        browser.visited("item-failover-confirm");
        detail.confirm();
        detail.awaitAction("failoverCommit", Duration.ofMinutes(3));
        assertEquals(chosen, detail.failoverPoint());
        assertEquals(chosen, machine.status().getString("failoverRecoveryPointId"));
        browser.visited("item-failed-over");

        detail.choosePoint(other);
        says = detail.request("applyRecoveryPoint");
        assertTrue(says.contains("(now from recovery point " + chosen + ")") && says.contains("recovery point " + other),
                says);
        detail.confirm();
        browser.waitUntil(Duration.ofMinutes(3), d -> other.equals(detail.failoverPoint()));
        assertEquals(other, machine.status().getString("failoverRecoveryPointId"));

        // the agent stops at its next configuration pull after the failover: no point comes after that
        // (a second time: the cancelled failover may have stopped it once already)
        browser.waitUntil(Duration.ofMinutes(2),
                d -> occurrences(machine.agent.log(), "is no longer protected") > stopsBefore);
        Set<String> kept = Set.copyOf(RecoveryPoints.ids(ITEM));
        browser.waitUntil(Duration.ofSeconds(30), d -> Set.copyOf(detail.pointIds()).equals(kept));
        Set<String> deleted = new TreeSet<>(kept);
        deleted.remove(other);
        says = detail.request("failoverCommit");
        assertTrue(says.contains("failover to recovery point " + other + " final"), says);
        Matcher named = Pattern.compile("will be deleted: (.*)\\. This cannot be undone").matcher(says);
        assertTrue(named.find(), says);
        assertEquals(deleted, new TreeSet<>(List.of(named.group(1).split(", "))), says);
        browser.visited("item-commit-confirm");
        detail.confirm();
        browser.waitUntil(Duration.ofMinutes(3), d -> "FailoverCommitted".equals(detail.state()));
        assertEquals(List.of(other), RecoveryPoints.ids(ITEM));
        browser.waitUntil(Duration.ofSeconds(30), d -> detail.pointIds().equals(List.of(other)));
        browser.visited("item-committed");
        // the failover and its commit are the item's events too, as the API serves them
        List<String> events = browser.waitUntil(Duration.ofSeconds(30), d -> {
            List<String> shown = detail.itemEvents();
            return shown.equals(Events.about(ITEM, 20)) ? shown : null;
        });
        assertTrue(events.contains("WARNING|'" + ITEM + "' failed over to recovery point " + chosen), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("INFO|Failover of '" + ITEM + "' committed to recovery "
                + "point " + other)), events.toString());
    }

    @Test
    @Order(10)
    void theCommittedItemIsReprotectedTowardsPrimaryAndFailedBackFromTheItemPage() throws Exception {
        ConsolePages.ItemDetail detail = (ConsolePages.ItemDetail) page;
        String reverse = ITEM + "-failback";
        detail.awaitAction("reProtect", Duration.ofSeconds(30));
        // no agent in the failed-over VM chosen: the API's refusal beside the agent menu, nothing changed
        String says = detail.request("reProtect");
        assertTrue(says.contains("replicates back as the item " + reverse + " through agent (none chosen: refused)"),
                says);
        browser.visited("item-reprotect-confirm-no-agent");
        detail.confirm();
        // read at once: the page's next poll renders the actions again, without the answer's message
        String shown = browser.waitUntil(Duration.ofSeconds(30), d -> {
            String beside = detail.messageBeside("agentId");
            return beside.isEmpty() ? null : beside;
        });
        browser.visited("item-reprotect-refused");
        java.net.http.HttpResponse<String> api = LifeboatStack.sendAsAdmin("POST", "/protectedItems/" + ITEM
                + "/reProtect", "{\"direction\":\"RecoveryToPrimary\"}");
        assertEquals(400, api.statusCode(), api.body());
        assertEquals(JsonBodies.object(api.body()).getString("error"), shown);
        assertEquals("FailoverCommitted", machine.status().getString("protectionState"));

        // the failed-over VM: a copy of the machine's disk, with an agent of its own registered
        Path azureDisk = Files.copy(machine.disk.file(), dir.resolve(ITEM + "-azure.img"));
        Path azureState = dir.resolve(ITEM + "-azure-state");
        String azureAgentId = AgentProcess.register(azureDisk, azureState, ITEM + "-azure");
        detail.chooseFailbackAgent(azureAgentId);
        says = detail.request("reProtect");
        assertTrue(says.contains("replicates back as the item " + reverse + " through agent " + azureAgentId), says);
        browser.visited("item-reprotect-confirm");
        detail.confirm();
        detail.awaitAction("plannedFailover", Duration.ofMinutes(3));
        JsonObject back = machine.status();
        assertEquals(reverse, back.getString("reverseItem"));
        assertEquals("Recovery", back.getString("activeLocation"));
        assertEquals("Recovery", detail.activeLocation());
        browser.visited("item-replicating-back");

        try (AgentProcess azureAgent = new AgentProcess(azureState).start()) {
            ReplicatingMachine.awaitDeltaReplication(() -> JsonBodies.object(LifeboatStack.getAsAdmin(
                    "/protectedItems/" + reverse).body()), azureAgent, Duration.ofMinutes(3));
            says = detail.request("plannedFailover");
            assertTrue(says.startsWith("Takes the final recovery point of " + reverse + " ") && says.contains(
                    "Stop the workload in Azure first"), says);
            browser.visited("item-planned-failback-confirm");
            detail.confirm();
            // failed back: the item is on Primary again, its final point one of the reverse item's
            browser.waitUntil(Duration.ofMinutes(3), d -> "Primary".equals(detail.activeLocation()));
            JsonObject failedBack = machine.status();
            assertEquals("Primary", failedBack.getString("activeLocation"));
            assertTrue(RecoveryPoints.ids(reverse).contains(failedBack.getString("failbackRecoveryPointId")),
                    failedBack.toString());
            browser.visited("item-failed-back");
        }

        // re-protected towards Recovery: the reverse item goes, the item is protected as before (and can be disabled
        // again, as the next run's clean-up does)
        detail.awaitAction("reProtect", Duration.ofSeconds(30));
        says = detail.request("reProtect");
        assertTrue(says.startsWith("Removes the reverse item " + reverse + " (its seeds and recovery points), protects "
                + ITEM + " as before and starts a resync of it"), says);
        browser.visited("item-reprotect-forward-confirm");
        detail.confirm();
        browser.waitUntil(Duration.ofMinutes(3), d -> {
            JsonObject now = machine.status();
            return "Protected".equals(now.getString("protectionState"))
                    && (!now.containsKey("reverseItem") || now.isNull("reverseItem")) ? true : null;
        });
        assertEquals(404, LifeboatStack.getAsAdmin("/protectedItems/" + reverse).statusCode(), "the reverse item");
        assertEquals("Primary", machine.status().getString("activeLocation"));
        browser.visited("item-protected-again");
    }

    @Test
    @Order(11)
    void anAgentIsRevokedFromTheAgentsPage() {
        ConsolePages.Agents agents = page.agents();
        page = agents;
        assertEquals("Registered", agents.state(machine.agentId));
        browser.visited("agents");

        String says = agents.requestRevoke(machine.agentId);
        assertTrue(says.contains("Agent " + ITEM + " (") && says.contains("loses its credential at once"), says);
        agents.confirm();
        browser.waitUntil(Duration.ofSeconds(30), d -> "Revoked".equals(agents.state(machine.agentId)));
        assertTrue(JsonBodies.object(LifeboatStack.getAsAdmin("/agents/" + machine.agentId).body())
                .getBoolean("revoked"));
        browser.visited("agents-revoked");
    }

    @Test
    @Order(100)
    void theAdministratorSignsOutAndTheConsoleIsClosedAgain() {
        page.dashboard().signOut();
        browser.open("");
        browser.waitFor(org.openqa.selenium.By.id("login:signIn"));
        assertTrue(browser.url().endsWith("/login.xhtml"), browser.url());
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
