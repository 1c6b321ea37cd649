package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
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
import org.junit.jupiter.api.extension.ExtensionContext;
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

    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ReplicatingMachine machine;
    /** The page the previous step left the browser on. */
    private ConsolePages.SignedIn page;

    /** A failed step leaves the page it was on, screenshot and HTML, for the person reading the report. */
    @RegisterExtension
    final TestWatcher keepFailedPage = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.keepPage("failed-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    void signInWithAMachineReplicating(@TempDir Path profile) throws Exception {
        machine = ReplicatingMachine.start(dir, ITEM, (String) null);
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
            if (machine != null) {
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

    /** The newest events as the API lists them, as the page's rows read ("SEVERITY|subject|message"). */
    private static List<String> apiEvents(String query) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/events?max=50&" + query).body()).stream()
                .map(v -> v.asJsonObject())
                .map(e -> e.getString("severity") + "|" + e.getString("subject", "") + "|"
                        + e.getString("message").strip())
                .toList();
    }
}
