package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * The console's agents and push installation pages in headless Chromium: the registration passphrase regenerated
 * (the old one then refused by {@code agent register}, the new one accepted), the agent it registered revoked, an
 * installation refused beside its field (nothing stored), and a real push installation over SSH to Debian's sshd
 * on 127.0.0.1 followed to its job's success with the pinned host key shown. Every page visited is saved as a
 * screenshot and checked with axe-core. As root (the SSH target's throwaway user).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentsPageIT {

    private static final String SUFFIX = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String FABRIC = "agents-it-" + SUFFIX;
    private static final String AGENT = "agents-page-it-" + SUFFIX;
    private static final Path PASSPHRASE = LifeboatStack.HOME.resolve("secrets/registration-passphrase");

    @TempDir
    static Path dir;

    private ConsoleBrowser browser;
    private ConsolePages.SignedIn page;
    private TestSshd sshd;
    private VcenterSimulator vcenter;
    private String item;
    private Path disk;
    private String registeredAgent;
    private String installedAgent;

    /** A failed step leaves the page it was on, screenshot and HTML, for the person reading the report. */
    @RegisterExtension
    final TestWatcher keepFailedPage = ConsoleBrowser.keepingFailedPages(() -> browser);

    @BeforeAll
    void signIn(@TempDir Path profile) throws Exception {
        browser = new ConsoleBrowser(profile);
        page = ConsolePages.Login.open(browser).signIn("admin", LifeboatStack.adminPassword());
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            for (String agent : new String[] {registeredAgent, installedAgent}) {
                if (agent != null) {
                    LifeboatStack.sendAsAdmin("POST", "/agents/" + agent + "/revoke", null);
                }
            }
            if (vcenter != null) {
                LifeboatStack.sendAsAdmin("DELETE", "/fabrics/" + FABRIC + "/vcenters/vc1", null);
                vcenter.close();
            }
        } finally {
            try {
                if (sshd != null) {
                    sshd.close();
                }
            } finally {
                if (browser != null) {
                    browser.close();
                }
            }
        }
        if (sshd != null) {
            assertFalse(Files.readString(LifeboatStack.SERVER_LOG).contains(sshd.password),
                    "the server log carries the SSH password");
        }
    }

    @Test
    @Order(1)
    void aRegeneratedPassphraseIsShownOnceRefusesTheOldOneAndRegistersWithTheNewOne() throws Exception {
        ConsolePages.Agents agents = page.agents();
        page = agents;
        browser.visited("agents");
        String old = LifeboatStack.read(PASSPHRASE);

        String says = agents.requestPassphrase();
        assertTrue(says.contains("Agents already registered keep working") && says.contains("need the new passphrase"),
                says);
        browser.visited("agents-passphrase-confirm");
        agents.confirm();
        String shown = agents.newPassphrase();
        assertEquals(LifeboatStack.read(PASSPHRASE), shown, "the page shows another passphrase than the server's");
        assertNotEquals(old, shown);
        assertTrue(agents.messages().contains("registrations with the previous one are refused"), agents.messages());
        browser.visited("agents-passphrase-shown");
        assertFalse(Files.readString(LifeboatStack.SERVER_LOG).contains(shown), "the server log carries the passphrase");

        page = agents = page.agents(); // shown once: not after the page is opened again
        assertFalse(browser.pageSource().contains(shown), "the passphrase is in the page again");

        Path image = Files.write(dir.resolve("disk.img"), new byte[1 << 20]);
        int agentsBefore = JsonBodies.array(LifeboatStack.getAsAdmin("/agents").body()).size();
        LifeboatStack.CommandResult withOld = register(old, image, "old");
        assertEquals(6, withOld.exitCode(), withOld.toString()); // ExitCodes.REFUSED
        assertTrue(withOld.stderr().startsWith("The server refused the passphrase ("), withOld.toString());
        assertEquals(agentsBefore, JsonBodies.array(LifeboatStack.getAsAdmin("/agents").body()).size(),
                "the old passphrase registered an agent");

        LifeboatStack.CommandResult withNew = register(shown, image, "new");
        assertEquals(0, withNew.exitCode(), withNew.toString());
        registeredAgent = agentNamed(AGENT).orElseThrow().getString("id");

        // revocation stays: the agent registered with the new passphrase is revoked from the page
        page = agents = page.agents();
        String revoke = agents.requestRevoke(registeredAgent);
        assertTrue(revoke.contains(AGENT) && revoke.contains("loses its credential"), revoke);
        agents.confirm();
        ConsolePages.Agents list = agents;
        assertEquals("Revoked", browser.waitUntil(Duration.ofSeconds(30),
                d -> list.state(registeredAgent).equals("Revoked") ? "Revoked" : null));
        assertTrue(agentNamed(AGENT).orElseThrow().getBoolean("revoked"));
        browser.visited("agents-revoked");
    }

    @Test
    @Order(2)
    void anInstallationWithABadPortIsRefusedBesideTheFieldAndStartsNothing() throws Exception {
        Assumptions.assumeTrue(TestSshd.runningAsRoot(), "the push installation's target needs a throwaway user: run as root");
        sshd = TestSshd.start(LifeboatStack.HOME.resolveSibling("agents-page-sshd"), LifeboatStack.PORT_BASE + 2201);
        disk = sshd.userFile("disk.img", 16 << 20);
        vcenter = VcenterSimulator.start("administrator@vsphere.local", "Vc-" + SUFFIX);
        item = vcenter.addAndDiscover(FABRIC);
        int jobsBefore = installJobs();

        ConsolePages.Install install = page.install();
        page = install;
        browser.visited("install");
        install.install(item, "127.0.0.1", 70000, sshd.user, sshd.password, disk.toString());

        assertEquals("port must be between 1 and 65535, not 70000", install.messageBeside("port"));
        assertEquals("", install.messageBeside("user"));
        HttpResponse<String> none = LifeboatStack.getAsAdmin("/protectableItems/" + item + "/installAgent");
        assertEquals(404, none.statusCode(), "a refused form stored an installation: " + none.body());
        assertEquals(jobsBefore, installJobs(), "a refused form started a job");
        assertFalse(browser.pageSource().contains(sshd.password), "the page carries the SSH password");
        browser.visited("install-refused");
    }

    @Test
    @Order(3)
    void aPushInstallationFromTheConsoleReachesItsJobsSuccessAndShowsThePinnedHostKey() throws Exception {
        Assumptions.assumeTrue(sshd != null && item != null, "no SSH target");
        ConsolePages.Install install = (ConsolePages.Install) page;
        // the refused form keeps the other fields; the password field is empty again
        install.install(null, null, sshd.port, null, sshd.password, null);
        assertTrue(install.pageMessages().contains("Installing the agent on '" + item + "'"), install.pageMessages());
        browser.visited("install-started");

        String state = install.awaitState(Set.of("Succeeded", "Failed"), Duration.ofMinutes(5));
        assertEquals("Succeeded", state, install.steps().toString());
        List<String> steps = install.steps();
        assertEquals(7, steps.size(), steps.toString());
        assertTrue(steps.stream().allMatch(s -> s.contains("Succeeded")), steps.toString());
        assertEquals(sshd.hostKeyFingerprint(), install.pinnedHostKey());
        JsonObject installation = JsonBodies.object(LifeboatStack.getAsAdmin("/protectableItems/" + item
                + "/installAgent").body());
        installedAgent = installation.getString("agentId");
        assertEquals(sshd.hostKeyFingerprint(), installation.getString("hostKeyFingerprint"));
        assertEquals(install.jobId(), installation.getString("jobId"));
        assertEquals("Succeeded", ApiJobs.get(install.jobId()).getString("state"));
        assertFalse(browser.pageSource().contains(sshd.password), "the page carries the SSH password");
        browser.visited("install-succeeded");

        ConsolePages.JobPage job = install.openJob();
        page = job;
        assertEquals("Succeeded", job.state());
        browser.visited("install-job");
    }

    private static LifeboatStack.CommandResult register(String passphrase, Path image, String which) throws Exception {
        Path file = Files.writeString(dir.resolve("passphrase-" + which), passphrase);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return LifeboatStack.agent("register", "--server", LifeboatStack.access().get("API"), "--passphrase-file",
                file.toString(), "--disk", image.toString(), "--state", dir.resolve("state-" + which).toString(),
                "--name", AGENT);
    }

    private static Optional<JsonObject> agentNamed(String name) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/agents").body()).getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(name)).findFirst();
    }

    private static int installJobs() {
        return (int) JsonBodies.array(LifeboatStack.getAsAdmin("/jobs").body()).getValuesAs(JsonObject.class).stream()
                .filter(j -> j.getString("kind").equals("InstallAgent")).count();
    }
}
