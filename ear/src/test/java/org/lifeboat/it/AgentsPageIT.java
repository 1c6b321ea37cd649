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
    /** InstallAgent jobs before this class installs: a refused or declined form adds none. */
    private int installJobsBefore;

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
        installJobsBefore = installJobs();

        ConsolePages.Install install = page.install();
        page = install;
        browser.visited("install");
        install.install(item, "127.0.0.1", 70000, sshd.user, sshd.password, disk.toString());

        assertEquals("port must be between 1 and 65535, not 70000", install.messageBeside("port"));
        assertEquals("", install.messageBeside("user"));
        assertFalse(install.confirming(), "a refused form asks for a confirmation");
        HttpResponse<String> none = LifeboatStack.getAsAdmin("/protectableItems/" + item + "/installAgent");
        assertEquals(404, none.statusCode(), "a refused form stored an installation: " + none.body());
        assertEquals(installJobsBefore, installJobs(), "a refused form started a job");
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
        // the confirmation says exactly what will happen; No starts nothing
        String says = install.confirmation();
        assertEquals("Lifeboat connects over SSH to 127.0.0.1, port " + sshd.port + ", as " + sshd.user + " with the "
                + "password given. No host key fingerprint is given: the key the machine presents now is trusted and "
                + "pinned (trust on first use); check it on the job's first step. It checks the machine (Linux, Java "
                + "17 or later), copies the agent onto it, registers the agent with this server (a one-time token, no "
                + "passphrase on the machine), installs the systemd service lifeboat-agent.service (system-wide as "
                + "root, else the user's own), enables and starts it. The agent registers " + disk + " of "
                + protectableName(item) + ".", says);
        assertFalse(browser.pageSource().contains(sshd.password), "the confirmation carries the SSH password");
        browser.visited("install-confirm");
        install.decline();
        assertTrue(install.pageMessages().contains("Nothing was installed"), install.pageMessages());
        assertEquals(404, LifeboatStack.getAsAdmin("/protectableItems/" + item + "/installAgent").statusCode(),
                "an installation was stored without the confirmation");
        assertEquals(installJobsBefore, installJobs(), "a job started without the confirmation");

        install.install(null, null, null, null, sshd.password, null);
        assertTrue(install.confirmation().contains("port " + sshd.port + ", as " + sshd.user), install.confirmation());
        install.confirm();
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

    @Test
    @Order(4)
    void aVcenterAddedFromItsPageIsDiscoveredAgainAndListsTheVmsTheApiLists() throws Exception {
        Assumptions.assumeTrue(vcenter != null, "no vCenter simulator");
        String fabric = FABRIC + "-page";
        String name = "vc-page";
        String path = "/fabrics/" + fabric + "/vcenters/" + name;
        ConsolePages.Vcenters vcenters = page.vcenters();
        page = vcenters;
        // a simulator of its own: a host and port already added (vc1's) are refused
        try (VcenterSimulator simulator = VcenterSimulator.start("administrator@vsphere.local", "Vc2-" + SUFFIX)) {
            vcenters.fill(fabric, name, "127.0.0.1", simulator.port(), simulator.user, simulator.password);
            vcenters.fetchCertificate();
            String fingerprint = simulator.certificateFingerprint();
            assertEquals(fingerprint, vcenters.fingerprint());
            String says = vcenters.requestAdd();
            assertTrue(says.contains("Adds vCenter " + name + " and pins the certificate with SHA-256 " + fingerprint),
                    says);
            browser.visited("vcenters-simulator-confirm");
            vcenters.confirm();
            // the discovery ends Succeeded, the page then shows what the API has: its end, its VMs
            String first = awaitDiscovery(vcenters, name, fabric, path, null);
            assertFalse(first.endsWith("|"), "no VM named: " + first);
            assertFalse(browser.pageSource().contains(simulator.password), "the page carries the vCenter password");
            browser.visited("vcenters-simulator-discovered");

            vcenters.discoverNow(name);
            assertTrue(vcenters.listMessages().contains("Discovery of vCenter '" + name + "' started"),
                    vcenters.listMessages());
            String again = awaitDiscovery(vcenters, name, fabric, path, first);
            assertEquals(first.substring(first.indexOf('|', first.indexOf('|') + 1)),
                    again.substring(again.indexOf('|', again.indexOf('|') + 1)), "the same inventory");
            browser.visited("vcenters-simulator-rediscovered");
        } finally {
            LifeboatStack.sendAsAdmin("DELETE", path, null);
        }
    }

    /**
     * Waits (the page polls) until the vCenter's row shows a Succeeded discovery other than {@code before}, as the
     * API serves it; a timeout names what the page and the API showed last.
     */
    private String awaitDiscovery(ConsolePages.Vcenters vcenters, String name, String fabric, String path,
                                  String before) {
        String[] last = new String[2];
        try {
            return browser.waitUntil(Duration.ofMinutes(2), d -> {
                last[0] = vcenters.discovery(name);
                last[1] = apiDiscovery(fabric, path);
                return last[0] != null && last[0].startsWith("Succeeded|") && !last[0].equals(before)
                        && last[0].equals(last[1]) ? last[0] : null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page shows " + last[0] + ", the API " + last[1] + "; page messages: "
                    + vcenters.pageMessages(), e);
        }
    }

    /** The vCenter as the page's row reads: "state|ended …|VM count|VM names" from the API's vCenter and items. */
    private static String apiDiscovery(String fabric, String path) {
        HttpResponse<String> response = LifeboatStack.getAsAdmin(path);
        JsonObject vc = response.statusCode() == 200 ? JsonBodies.object(response.body()) : null;
        if (vc == null || !(vc.get("lastDiscovery") instanceof JsonObject last)) {
            return "no discovery: " + response.statusCode();
        }
        List<String> vms = JsonBodies.array(LifeboatStack.getAsAdmin("/protectableItems").body())
                .getValuesAs(JsonObject.class).stream()
                .filter(i -> i.get("vm") instanceof JsonObject vm && vm.getString("fabric").equals(fabric))
                .map(i -> i.getString("name")).sorted().limit(10).toList();
        return last.getString("state") + "|" + (last.containsKey("endedAt") && !last.isNull("endedAt")
                ? "ended " + last.getString("endedAt") : "") + "|" + vc.getJsonNumber("vmCount").longValue() + "|"
                + String.join(",", vms);
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

    /** The discovered machine's name, as {@code GET /protectableItems} lists it. */
    private static String protectableName(String id) {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/protectableItems").body()).getValuesAs(JsonObject.class)
                .stream().filter(i -> i.getString("id").equals(id)).map(i -> i.getString("name")).findFirst()
                .orElseThrow();
    }

    private static int installJobs() {
        return (int) JsonBodies.array(LifeboatStack.getAsAdmin("/jobs").body()).getValuesAs(JsonObject.class).stream()
                .filter(j -> j.getString("kind").equals("InstallAgent")).count();
    }
}
