package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /** The machine's disk and agent state, for the whole class (the agent runs across the steps). */
    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ReplicatingMachine machine;
    /** The page the previous step left the browser on. */
    private ConsolePages.SignedIn page;

    @BeforeAll
    void openBrowser(@TempDir Path profile) {
        browser = new ConsoleBrowser(profile);
    }

    @AfterAll
    void closeBrowser() throws Exception {
        try {
            if (machine != null) {
                machine.close();
            }
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
    void anItemProtectedMeanwhileAppearsReplicatedWithoutReloadingTheTable() throws Exception {
        ConsolePages.ProtectedItems items = (ConsolePages.ProtectedItems) page;
        browser.markDocument();

        machine = ReplicatingMachine.start(dir, ITEM, (String) null);
        items.awaitReplicated(ITEM, Duration.ofMinutes(2));
        assertTrue(browser.sameDocument(), "the table updates itself: the page must not have been reloaded");

        items.filterByName("no-such-item-name");
        browser.waitUntil(Duration.ofSeconds(30), d -> items.names().isEmpty());
        items.filterByName(ITEM);
        browser.waitUntil(Duration.ofSeconds(30), d -> items.names().equals(List.of(ITEM)));
        browser.visited("protected-items-replicated");
    }

    @Test
    @Order(4)
    void theItemPageShowsItsStateAndRecoveryPoints() throws InterruptedException {
        ConsolePages.ItemDetail detail = ((ConsolePages.ProtectedItems) page).open(ITEM);
        page = detail;

        assertEquals("Protected", detail.state());
        String first = RecoveryPoints.awaitFirst(ITEM, Duration.ofSeconds(10));
        assertTrue(detail.pointIds().contains(first), detail.pointIds() + " lacks " + first);
        browser.visited("item");
    }

    @Test
    @Order(7)
    void invalidPolicyValuesAreRefusedBesideTheirFieldsAndNothingIsSaved() {
        ConsolePages.Policies policies = page.policies();
        page = policies;
        browser.visited("policies");
        try {
            policies.save(POLICY, 0, 24, 5);
            assertEquals("rpoThresholdMinutes must be between 1 and 1440, not 0", policies.messageBeside(
                    "rpoThresholdMinutes"));
            assertEquals("", policies.messageBeside("retentionHours"));
            assertEquals(404, LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY).statusCode());
            browser.visited("policies-invalid");

            policies.save("not a name!", 30, 24, 5);
            assertTrue(policies.messageBeside("name").startsWith("a replication policy's name is 1 to"),
                    policies.messageBeside("name"));
            assertEquals("", policies.messageBeside("rpoThresholdMinutes"));

            policies.save(POLICY, 30, 24, 5);
            assertTrue(policies.pageMessages().contains("Policy '" + POLICY + "' created"), policies.pageMessages());
            assertTrue(policies.names().contains(POLICY), policies.names().toString());
            assertEquals(200, LifeboatStack.getAsAdmin("/replicationPolicies/" + POLICY).statusCode());
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", "/replicationPolicies/" + POLICY, null);
        }
    }

    @Test
    @Order(8)
    void anAgentIsRevokedFromTheAgentsPage() {
        ConsolePages.Agents agents = page.agents();
        page = agents;
        assertEquals("Registered", agents.state(ITEM));
        browser.visited("agents");

        String says = agents.requestRevoke(ITEM);
        assertTrue(says.contains("loses its credential at once"), says);
        agents.confirm();
        browser.waitUntil(Duration.ofSeconds(30), d -> "Revoked".equals(agents.state(ITEM)));
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
}
