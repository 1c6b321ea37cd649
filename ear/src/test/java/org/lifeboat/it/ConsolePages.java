package org.lifeboat.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Page objects of the web console: what an operator reads and does on each page, by the page's element ids. */
final class ConsolePages {

    private ConsolePages() {
    }

    /**
     * Picks the entry of a PrimeFaces select menu that has this value, with the mouse as an operator does: the menu's
     * change event (and its ajax) fires; the widget's own {@code selectValue} is silent and would leave the page
     * unaware. Tried again until the menu holds the value: a poll may render the menu again and close its panel.
     */
    static void choose(ConsoleBrowser browser, String menuId, String value) {
        browser.waitUntil(Duration.ofSeconds(30), d -> {
            if (value.equals(browser.script("return document.getElementById(arguments[0]).value;", menuId + "_input"))) {
                return true;
            }
            // the panel's entries are the hidden select's options, in the same order
            Number index = (Number) browser.script("return Array.from(document.getElementById(arguments[0]).options)"
                    + ".findIndex(o => o.value === arguments[1]);", menuId + "_input", value);
            List<WebElement> entries = browser.all(By.cssSelector("[id='" + menuId + "_panel'] li.ui-selectonemenu-item"));
            if (index.intValue() >= 0 && index.intValue() < entries.size() && entries.get(index.intValue()).isDisplayed()) {
                entries.get(index.intValue()).click();
            } else {
                browser.find(By.cssSelector("[id='" + menuId + "'] .ui-selectonemenu-trigger")).click();
            }
            return false;
        });
    }

    /** The sign-in form. */
    record Login(ConsoleBrowser browser) {

        static Login open(ConsoleBrowser browser) {
            browser.open("login.xhtml");
            browser.waitFor(By.id("login:signIn"));
            return new Login(browser);
        }

        Dashboard signIn(String user, String password) {
            submit(user, password);
            return Dashboard.shown(browser);
        }

        void submit(String user, String password) {
            browser.waitFor(By.id("login:username")).sendKeys(user);
            browser.find(By.id("login:password")).sendKeys(password);
            browser.find(By.id("login:signIn")).click();
        }

        String messages() {
            return browser.waitFor(By.id("login:messages")).getText();
        }
    }

    /** What every signed-in page has: the administrator's name, the navigation and sign-out. */
    abstract static class SignedIn {
        final ConsoleBrowser browser;

        SignedIn(ConsoleBrowser browser) {
            this.browser = browser;
        }

        String administrator() {
            return browser.find(By.id("administrator")).getText();
        }

        ProtectedItems items() {
            browser.find(By.id("navItems")).click();
            return ProtectedItems.shown(browser);
        }

        Dashboard dashboard() {
            browser.find(By.id("navDashboard")).click();
            return Dashboard.shown(browser);
        }

        EnableReplication enableReplication() {
            browser.find(By.id("navEnable")).click();
            browser.waitFor(By.id("wizard:enable"));
            return new EnableReplication(browser);
        }

        Policies policies() {
            browser.find(By.id("navPolicies")).click();
            browser.waitFor(By.id("policy:save"));
            return new Policies(browser);
        }

        Agents agents() {
            browser.find(By.id("navAgents")).click();
            browser.waitFor(By.id("agents:list"));
            return new Agents(browser);
        }

        Install install() {
            browser.find(By.id("navInstall")).click();
            browser.waitFor(By.id("install:installAgent"));
            return new Install(browser);
        }

        RecoveryPlans plans() {
            browser.find(By.id("navPlans")).click();
            browser.waitFor(By.id("list:plans"));
            return new RecoveryPlans(browser);
        }

        Jobs jobs() {
            browser.find(By.id("navJobs")).click();
            browser.waitFor(By.id("list:jobs"));
            return new Jobs(browser);
        }

        Events events() {
            browser.find(By.id("navEvents")).click();
            browser.waitFor(By.id("events:list"));
            return new Events(browser);
        }

        Alerts alerts() {
            browser.find(By.id("navAlerts")).click();
            browser.waitFor(By.id("alerts:list"));
            return new Alerts(browser);
        }

        Vcenters vcenters() {
            browser.find(By.id("navVcenters")).click();
            browser.waitFor(By.id("add:fetchCertificate"));
            return new Vcenters(browser);
        }

        ProcessServers processServers() {
            browser.find(By.id("navProcessServers")).click();
            browser.waitFor(By.id("servers:list"));
            return new ProcessServers(browser);
        }

        MailSettings mailSettings() {
            browser.find(By.id("navMail")).click();
            browser.waitFor(By.id("mail:save"));
            return new MailSettings(browser);
        }

        ReplicationGroups groups() {
            browser.find(By.id("navGroups")).click();
            browser.waitFor(By.id("group:save"));
            return new ReplicationGroups(browser);
        }

        Login signOut() {
            browser.find(By.id("account:signOut")).click();
            browser.waitFor(By.id("login:signIn"));
            return new Login(browser);
        }
    }

    static final class Dashboard extends SignedIn {
        private Dashboard(ConsoleBrowser browser) {
            super(browser);
        }

        static Dashboard shown(ConsoleBrowser browser) {
            browser.waitFor(By.id("overall"));
            return new Dashboard(browser);
        }

        String overall() {
            return browser.find(By.id("overall")).getText();
        }

        List<String> parts() {
            return browser.all(By.cssSelector("[id='live:parts'] tbody tr td:first-child")).stream()
                    .map(WebElement::getText).toList();
        }

        String itemsByHealth() {
            return browser.find(By.id("itemsByHealth")).getText();
        }

        String vaultReminder() {
            return browser.find(By.id("vaultKeyReminder")).getText();
        }

        boolean remindsOfTheVaultKey() {
            return !browser.all(By.id("vaultKeyReminder")).isEmpty();
        }

        /** "I have saved the key off-site"; returns the confirmation the page then shows. */
        String confirmVaultKeySaved() {
            browser.click(By.id("live:confirmKey"));
            return browser.waitFor(By.id("vaultKeyConfirmed")).getText();
        }

        String rpoSummary() {
            return browser.find(By.id("rpoSummary")).getText();
        }

        /** The RPO chart's lines: item name to the RPOs (seconds, null where it has none) it draws, worst first. */
        @SuppressWarnings("unchecked")
        Map<String, List<Long>> rpoChartLines() {
            List<Map<String, Object>> datasets = (List<Map<String, Object>>) browser.script(
                    "const c = PF('rpoChart') && PF('rpoChart').chart; "
                            + "return c ? c.data.datasets.map(d => ({label: d.label, data: d.data})) : [];");
            Map<String, List<Long>> lines = new LinkedHashMap<>();
            datasets.forEach(d -> lines.put((String) d.get("label"), (List<Long>) d.get("data")));
            return lines;
        }

        /** The throughput chart's series names. */
        @SuppressWarnings("unchecked")
        List<String> throughputSeries() {
            return (List<String>) browser.script("const c = PF('throughputChart') && PF('throughputChart').chart; "
                    + "return c ? c.data.datasets.map(d => d.label) : [];");
        }

        String processServerFact(String id) {
            return browser.find(By.id(id)).getText();
        }
    }

    static final class ProtectedItems extends SignedIn {
        private ProtectedItems(ConsoleBrowser browser) {
            super(browser);
        }

        static ProtectedItems shown(ConsoleBrowser browser) {
            browser.waitFor(By.id("list:items"));
            return new ProtectedItems(browser);
        }

        /** The item's row, once the table shows it. */
        Optional<WebElement> row(String item) {
            return browser.all(By.cssSelector("[id='list:items'] tbody tr")).stream()
                    .filter(r -> !r.findElements(By.linkText(item)).isEmpty()).findFirst();
        }

        /** Waits (the page polls) until the item's row shows initial replication at 100 % and a recovery point. */
        WebElement awaitReplicated(String item, Duration limit) {
            return browser.waitUntil(limit, d -> row(item).filter(r ->
                    r.findElement(By.cssSelector(".initialProgress")).getText().contains("100 %")
                            && !r.findElement(By.cssSelector(".latestPoint")).getText().contains("none yet"))
                    .orElse(null));
        }

        void filterByName(String text) {
            WebElement filter = browser.find(By.cssSelector("[id$='nameFilter']"));
            filter.clear();
            filter.sendKeys(text);
        }

        List<String> names() {
            return browser.all(By.cssSelector("[id='list:items'] tbody tr a.itemLink")).stream()
                    .map(WebElement::getText).toList();
        }

        ItemDetail open(String item) {
            browser.waitUntil(Duration.ofSeconds(30), d -> {
                d.findElement(By.linkText(item)).click(); // a poll may render the row again meanwhile: retried
                return true;
            });
            return ItemDetail.shown(browser);
        }
    }

    /** The enable-replication wizard. */
    static final class EnableReplication extends SignedIn {
        private EnableReplication(ConsoleBrowser browser) {
            super(browser);
        }

        /** Picks the agent as an operator does (a click on its entry) and returns the item name the page proposes. */
        String chooseAgent(String agentId) {
            choose(browser, "wizard:agentId", agentId);
            return browser.waitUntil(Duration.ofSeconds(30), d -> {
                String proposed = browser.find(By.id("wizard:name")).getAttribute("value");
                return proposed.isEmpty() ? null : proposed;
            });
        }

        void choosePolicy(String policy) {
            choose(browser, "wizard:policy", policy);
        }

        void targetVmName(String name) {
            browser.find(By.id("wizard:targetVmName")).sendKeys(name);
        }

        ItemDetail enable() {
            browser.find(By.id("wizard:enable")).click();
            return ItemDetail.shown(browser);
        }
    }

    /** The replication policies page and its form. */
    static final class Policies extends SignedIn {
        private Policies(ConsoleBrowser browser) {
            super(browser);
        }

        /** Fills the form (a null value leaves the field as it is) and saves. */
        void save(String name, Integer rpoThresholdMinutes, Integer retentionHours, Integer crashFrequencyMinutes) {
            set("name", name);
            set("rpoThresholdMinutes", rpoThresholdMinutes);
            set("retentionHours", retentionHours);
            set("crashConsistentFrequencyMinutes", crashFrequencyMinutes);
            browser.script("window.lifeboatSaved = false; $(document).one('pfAjaxComplete', function () "
                    + "{ window.lifeboatSaved = true; });");
            browser.find(By.id("policy:save")).click();
            browser.waitUntil(Duration.ofSeconds(30), d -> Boolean.TRUE.equals(browser.script(
                    "return window.lifeboatSaved;")));
        }

        private void set(String field, Object value) {
            if (value != null) {
                WebElement input = browser.find(By.id("policy:" + field));
                input.clear();
                input.sendKeys(value.toString());
            }
        }

        /** The message shown next to the field (the element right after its input), empty if none. */
        String messageBeside(String field) {
            return browser.find(By.id("policy:" + field + "Message")).getText();
        }

        String pageMessages() {
            return browser.find(By.id("policy:messages")).getText();
        }

        List<String> names() {
            return browser.all(By.cssSelector("span.policyName")).stream().map(WebElement::getText).toList();
        }
    }

    /** The agents page. */
    static final class Agents extends SignedIn {
        private Agents(ConsoleBrowser browser) {
            super(browser);
        }

        /** By id: names need not be unique (a machine registered again keeps its name). */
        private WebElement row(String agentId) {
            return browser.all(By.cssSelector("[id='agents:list'] tbody tr")).stream()
                    .filter(r -> r.findElements(By.cssSelector("code.agentId")).stream()
                            .anyMatch(n -> n.getText().equals(agentId))).findFirst().orElseThrow();
        }

        String state(String agentId) {
            return row(agentId).findElement(By.cssSelector("span.agentState")).getText();
        }

        /** Clicks the agent's Revoke and returns what the confirmation says (still open). */
        String requestRevoke(String agentId) {
            row(agentId).findElement(By.cssSelector("button[id$=':revoke']")).click();
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        void confirm() {
            browser.find(By.id("agents:confirmYes")).click();
        }

        /** Clicks "Regenerate passphrase" and returns what the confirmation says (still open). */
        String requestPassphrase() {
            browser.click(By.id("agents:regeneratePassphrase"));
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        /** The new passphrase the page shows once, after the confirmation. */
        String newPassphrase() {
            return browser.waitFor(By.id("passphrase")).getText();
        }

        String messages() {
            return browser.find(By.id("agents:messages")).getText();
        }
    }

    /** The push installation page: its form by the API's field names, then the installation's job. */
    static final class Install extends SignedIn {
        private Install(ConsoleBrowser browser) {
            super(browser);
        }

        /**
         * Fills the form (null leaves a field as it is) and clicks "Install agent", waiting for the page's answer: a
         * refusal beside a field, or the confirmation ({@link #confirmation()}).
         */
        void install(String item, String host, Integer port, String user, String password, String disk) {
            if (item != null) {
                choose(browser, "install:item", item);
            }
            fill(browser, "install", "host", host);
            fill(browser, "install", "port", port);
            fill(browser, "install", "user", user);
            fill(browser, "install", "password", password);
            fill(browser, "install", "disks", disk);
            browser.ajaxClick(By.id("install:installAgent"));
        }

        String messageBeside(String field) {
            return browser.find(By.id("install:" + field + "Message")).getText();
        }

        /** What the open confirmation says will happen. */
        String confirmation() {
            return browser.waitFor(By.id("confirmation")).getText();
        }

        /** Whether a confirmation is open (none after a refusal). */
        boolean confirming() {
            return browser.all(By.id("confirmation")).stream().anyMatch(WebElement::isDisplayed);
        }

        /** Yes on the confirmation: the installation starts. */
        void confirm() {
            browser.ajaxClick(By.id("confirmInstall:yes"));
        }

        /** No on the confirmation: nothing starts. */
        void decline() {
            browser.ajaxClick(By.id("confirmInstall:no"));
        }

        String pageMessages() {
            return browser.find(By.id("install:messages")).getText();
        }

        /** Waits (the page polls) until the installation's job is in one of these states, and returns it. */
        String awaitState(java.util.Set<String> states, Duration limit) {
            return browser.waitUntil(limit, d -> d.findElements(By.id("installState")).stream().map(WebElement::getText)
                    .filter(states::contains).findFirst().orElse(null));
        }

        /** Each step's name, state and detail as the page shows them. */
        List<String> steps() {
            return browser.all(By.cssSelector("[id='progress:steps'] tbody tr")).stream().map(WebElement::getText)
                    .toList();
        }

        String pinnedHostKey() {
            return browser.find(By.id("pinnedHostKey")).getText();
        }

        String jobId() {
            return browser.find(By.id("progress:jobLink")).getText();
        }

        JobPage openJob() {
            browser.click(By.id("progress:jobLink"));
            return JobPage.shown(browser);
        }
    }

    static final class ItemDetail extends SignedIn {
        private ItemDetail(ConsoleBrowser browser) {
            super(browser);
        }

        static ItemDetail shown(ConsoleBrowser browser) {
            browser.waitFor(By.id("state"));
            return new ItemDetail(browser);
        }

        String state() {
            return browser.find(By.id("state")).getText();
        }

        String testFailoverState() {
            return browser.find(By.id("testFailoverState")).getText();
        }

        String rpoSummary() {
            return browser.find(By.id("rpoSummary")).getText();
        }

        /** The RPOs (seconds) the chart draws, oldest first; empty before it has any. */
        @SuppressWarnings("unchecked")
        List<Long> rpoChartValues() {
            return (List<Long>) browser.script("const c = PF('rpoChart').chart; "
                    + "return c ? c.data.datasets[0].data : [];");
        }

        /** The point the failover disks are made from, "–" when not failed over. */
        String failoverPoint() {
            return browser.find(By.id("failoverPoint")).getText();
        }

        List<String> pointIds() {
            return browser.all(By.cssSelector("[id='detail:points'] code.pointId")).stream()
                    .map(WebElement::getText).toList();
        }

        /** Picks the point for the next failover, test failover or change of point. */
        void choosePoint(String pointId) {
            choose(browser, "detail:point", pointId);
        }

        String activeLocation() {
            return browser.find(By.id("activeLocation")).getText();
        }

        /** Picks the agent in the failed-over VM that a re-protect towards Primary replicates through. */
        void chooseFailbackAgent(String agentId) {
            choose(browser, "detail:agentId", agentId);
        }

        /** The message beside an action's input (agentId, masterTargetId), empty if none. */
        String messageBeside(String field) {
            return browser.find(By.id("detail:" + field + "Message")).getText();
        }

        /** Picks the point with its Pick button on the timeline; waits until the timeline marks it picked. */
        void pickOnTimeline(String pointId) {
            String entry = "//*[@id='detail:points']//li[.//code[normalize-space()='" + pointId + "']]";
            browser.click(By.xpath(entry + "//button[contains(concat(' ', @class, ' '), ' pick ')]"));
            browser.waitFor(By.xpath(entry + "//span[contains(concat(' ', @class, ' '), ' picked ')]"));
        }

        /** What the recovery point picker above the actions shows. */
        String pickedPoint() {
            return browser.find(By.id("detail:point_label")).getText();
        }

        /** Clicks an action's button and returns what its confirmation says will happen (still open). */
        String request(String action) {
            browser.click(By.id("detail:" + action));
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        void confirm() {
            browser.find(By.id("detail:confirmYes")).click();
        }

        /** No on the open confirmation: it closes, nothing done. */
        void decline() {
            browser.find(By.id("detail:confirmNo")).click();
            browser.waitUntil(Duration.ofSeconds(10), d -> !browser.find(By.id("detail:confirm")).isDisplayed());
        }

        /** What the page says once replication is disabled. */
        String removed() {
            return browser.waitFor(By.id("removed")).getText();
        }

        /** Waits (the page polls) until the item's allowedOperations offer this action's button. */
        void awaitAction(String action, Duration limit) {
            browser.waitUntil(limit, d -> !browser.all(By.id("detail:" + action)).isEmpty());
        }

        void awaitNoAction(String action, Duration limit) {
            browser.waitUntil(limit, d -> browser.all(By.id("detail:" + action)).isEmpty());
        }

        String messages() {
            return browser.find(By.id("detail:messages")).getText();
        }

        String initialProgress() {
            return browser.find(By.id("detail:initialProgress")).getText();
        }

        /** Waits (the page polls) until initial replication shows 100 % and the points table lists a point. */
        void awaitProtected(Duration limit) {
            browser.waitUntil(limit, d -> initialProgress().contains("100 %") && !pointIds().isEmpty());
        }

        /** Scrolls the section with this heading into view: a screenshot holds the window, not the whole page. */
        void show(String headingId) {
            browser.script("document.getElementById(arguments[0]).scrollIntoView();", headingId);
        }

        /** Types into the failover settings form's input of this API field ("" empties it). */
        void setting(String field, String value) {
            fill(browser, "settings", field, value);
        }

        /** Picks the boot disk by its id ("" for the default). */
        void bootDisk(String diskId) {
            new org.openqa.selenium.support.ui.Select(browser.find(By.id("settings:bootDiskId"))).selectByValue(diskId);
        }

        /** Saves the failover settings form and waits for the page's answer. */
        void saveSettings() {
            browser.ajaxClick(By.id("settings:save"));
        }

        /** The message beside a settings input, empty if none. */
        String settingsMessageBeside(String field) {
            return browser.find(By.id("settings:" + field + "Message")).getText();
        }

        String settingsMessages() {
            return browser.find(By.id("settings:messages")).getText();
        }

        /** What the page says is stored for this setting (a default in words when unset). */
        String storedSetting(String field) {
            return browser.find(By.id("stored-" + field)).getText();
        }

        boolean settingsEditable() {
            return !browser.all(By.id("settings:save")).isEmpty();
        }

        /** The item's events shown, each "SEVERITY|message", newest first, read at once (the page polls). */
        @SuppressWarnings("unchecked")
        List<String> itemEvents() {
            return (List<String>) browser.script("""
                    return Array.from(document.querySelectorAll("[id='detail:events'] tbody tr"))
                        .filter(r => r.querySelector('span.eventSeverity'))
                        .map(r => ['span.eventSeverity', 'span.eventMessage']
                            .map(c => r.querySelector(c).textContent.trim()).join('|'));
                    """);
        }

        /** What the events table says when it has none. */
        String eventsEmptyMessage() {
            return browser.find(By.cssSelector("[id='detail:events'] .ui-datatable-empty-message")).getText();
        }

        /** The timeline's points, newest first: "id|consistency|group round|boot verification", read at once. */
        @SuppressWarnings("unchecked")
        List<String> timeline() {
            return (List<String>) browser.script("""
                    return Array.from(document.querySelectorAll("[id='detail:points'] li.ui-datalist-item"))
                        .map(li => [li.querySelector('code.pointId').textContent.trim(),
                                    li.querySelector('span.consistency').textContent.trim(),
                                    li.querySelector('span.groupRound') ? li.querySelector('span.groupRound')
                                        .textContent.trim() : '',
                                    li.querySelector('span.boot').textContent.trim()].join('|'));
                    """);
        }
    }

    /** The recovery plans page. */
    static final class RecoveryPlans extends SignedIn {
        private RecoveryPlans(ConsoleBrowser browser) {
            super(browser);
        }

        PlanEditor newPlan() {
            browser.find(By.id("list:newPlan")).click();
            return PlanEditor.shown(browser);
        }

        List<String> names() {
            return browser.all(By.cssSelector("[id='list:plans'] a.planLink")).stream().map(WebElement::getText).toList();
        }
    }

    /** A recovery plan's page: the editor, by the API's field names (group and action numbers from 0), and its run. */
    static final class PlanEditor extends SignedIn {
        private PlanEditor(ConsoleBrowser browser) {
            super(browser);
        }

        static PlanEditor shown(ConsoleBrowser browser) {
            browser.waitFor(By.id("editor:save"));
            return new PlanEditor(browser);
        }

        void name(String name) {
            browser.find(By.id("editor:name")).sendKeys(name);
        }

        /** Ticks the item in the boot group's choice of items. */
        void addItem(int group, String item) {
            browser.waitFor(By.xpath("//*[@id='editor:groups:" + group + ":items']//label[normalize-space()='" + item
                    + "']")).click();
        }

        /** Adds an action to the group's list (preActions or postActions) and writes its text or script. */
        void addAction(int group, String list, String type, String value) {
            String prefix = "editor:groups:" + group + ":" + list + ":";
            int index = browser.all(By.cssSelector("[id^='" + prefix + "'][id$=':value']")).size();
            browser.ajaxClick(By.id("editor:groups:" + group + ":add" + list));
            browser.waitFor(By.id(prefix + index + ":value")).sendKeys(value);
            new org.openqa.selenium.support.ui.Select(browser.find(By.id(prefix + index + ":type")))
                    .selectByValue(type);
        }

        void actionValue(int group, String list, int index, String value) {
            WebElement input = browser.find(By.id("editor:groups:" + group + ":" + list + ":" + index + ":value"));
            input.clear();
            input.sendKeys(value);
        }

        /** Saves a plan the API refuses: the page stays, with the messages. */
        void saveRefused() {
            browser.ajaxClick(By.id("editor:save"));
        }

        /** Saves; a new plan's page is then opened again, with its run buttons. */
        void save() {
            browser.find(By.id("editor:save")).click();
            browser.waitFor(By.id("editor:testFailover"));
        }

        /** The message beside an input, by its client id after "editor:" (e.g. groups:0:postActions:0:value). */
        String messageBeside(String input) {
            return browser.find(By.id("editor:" + input + "Message")).getText();
        }

        String pageMessages() {
            return browser.find(By.id("editor:messages")).getText();
        }

        /** Clicks a plan action's button and returns what its confirmation says will happen (still open). */
        String request(String action) {
            browser.click(By.id("editor:" + action));
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        /** Confirms the action; its job's page opens. */
        JobPage confirm() {
            browser.find(By.id("editor:confirmYes")).click();
            return JobPage.shown(browser);
        }
    }

    /** A job's page: a plan's run view, with Resume when the plan waits for a manual action. */
    static final class JobPage extends SignedIn {
        private JobPage(ConsoleBrowser browser) {
            super(browser);
        }

        static JobPage shown(ConsoleBrowser browser) {
            browser.waitFor(By.id("jobState"));
            return new JobPage(browser);
        }

        String id() {
            return browser.url().replaceAll(".*[?&]id=([^&]+).*", "$1");
        }

        String state() {
            return browser.find(By.id("jobState")).getText();
        }

        String description() {
            return browser.find(By.id("description")).getText();
        }

        /** Waits (the page polls) until the job is in one of these states, and returns it. */
        String awaitState(java.util.Set<String> states, Duration limit) {
            return browser.waitUntil(limit, d -> states.contains(state()) ? state() : null);
        }

        void resume(String comments) {
            browser.find(By.id("job:comments")).sendKeys(comments);
            browser.find(By.id("job:resume")).click();
        }

        /** Each step's name and what it did. */
        List<String> steps() {
            return browser.all(By.cssSelector("[id='job:steps'] tbody tr")).stream().map(WebElement::getText).toList();
        }
    }

    /** The jobs page. */
    static final class Jobs extends SignedIn {
        private Jobs(ConsoleBrowser browser) {
            super(browser);
        }

        /** The newest job's state for this target (an item or a plan), once listed. */
        Optional<String> stateOf(String target) {
            return browser.all(By.cssSelector("[id='list:jobs'] tbody tr")).stream()
                    .filter(r -> r.findElements(By.cssSelector("span.jobTarget")).stream()
                            .anyMatch(t -> t.getText().equals(target)))
                    .findFirst().map(r -> r.findElement(By.cssSelector("span.jobState")).getText());
        }
    }

    /** The events and alerts page and its filters. */
    static final class Events extends SignedIn {
        private Events(ConsoleBrowser browser) {
            super(browser);
        }

        /** INFO, WARNING, CRITICAL, or "" for any. */
        void severity(String severity) {
            browser.script("PF('severityMenu').selectValue(arguments[0]);", severity);
        }

        void subject(String subject) {
            WebElement input = browser.find(By.id("events:subject"));
            input.clear();
            input.sendKeys(subject);
        }

        /** The rows shown, each "SEVERITY|subject|message", read at once (the page polls and renders them again). */
        @SuppressWarnings("unchecked")
        List<String> rows() {
            return (List<String>) browser.script("""
                    return Array.from(document.querySelectorAll("[id='events:list'] tbody tr"))
                        .filter(r => r.querySelector('span.severity'))
                        .map(r => ['span.severity', 'span.eventSubject', 'span.eventMessage']
                            .map(c => r.querySelector(c).textContent.trim()).join('|'));
                    """);
        }
    }

    /** Fills a form's input (by the API's field name); null leaves it as it is. */
    private static void fill(ConsoleBrowser browser, String form, String field, Object value) {
        if (value != null) {
            WebElement input = browser.find(By.id(form + ":" + field));
            input.clear();
            input.sendKeys(value.toString());
        }
    }

    /** The mail settings page: its form, by the API's field names. */
    static final class MailSettings extends SignedIn {
        private MailSettings(ConsoleBrowser browser) {
            super(browser);
        }

        /** Fills the form (null leaves a field as it is) and saves, waiting for the page's answer. */
        void save(String host, Integer port, String from, String recipients, String username, String password) {
            fill(browser, "mail", "host", host);
            fill(browser, "mail", "port", port);
            fill(browser, "mail", "from", from);
            fill(browser, "mail", "recipients", recipients);
            fill(browser, "mail", "username", username);
            fill(browser, "mail", "password", password);
            browser.ajaxClick(By.id("mail:save"));
        }

        String messageBeside(String field) {
            return browser.find(By.id("mail:" + field + "Message")).getText();
        }

        String pageMessages() {
            return browser.find(By.id("mail:messages")).getText();
        }

        String passwordPlaceholder() {
            return browser.find(By.id("mail:password")).getAttribute("placeholder");
        }
    }

    /** The vCenters page: the list, and adding one after its certificate was fetched and shown. */
    static final class Vcenters extends SignedIn {
        private Vcenters(ConsoleBrowser browser) {
            super(browser);
        }

        void fill(String fabric, String name, String host, Integer port, String user, String password) {
            ConsolePages.fill(browser, "add", "fabric", fabric);
            ConsolePages.fill(browser, "add", "name", name);
            ConsolePages.fill(browser, "add", "host", host);
            ConsolePages.fill(browser, "add", "port", port);
            ConsolePages.fill(browser, "add", "user", user);
            ConsolePages.fill(browser, "add", "password", password);
        }

        void fetchCertificate() {
            browser.ajaxClick(By.id("add:fetchCertificate"));
        }

        /** The fingerprint shown for the fetched certificate. */
        String fingerprint() {
            return browser.waitFor(By.id("fingerprint")).getText();
        }

        String subject() {
            return browser.find(By.id("subject")).getText();
        }

        String messageBeside(String field) {
            return browser.find(By.id("add:" + field + "Message")).getText();
        }

        /** Clicks "Trust this certificate and add" and returns what the confirmation says (still open). */
        String requestAdd() {
            browser.find(By.id("add:addVcenter")).click();
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        void confirm() {
            browser.find(By.id("list:confirmYes")).click();
        }

        String pageMessages() {
            return browser.find(By.id("add:messages")).getText();
        }

        /** The vCenter's last discovery as the list shows it ("never", Running, Succeeded, Failed), once listed. */
        Optional<String> discoveryState(String name) {
            return row(name).map(r -> r.findElement(By.cssSelector("span.discoveryState")).getText());
        }

        /** "state|ended …|VM count|the VMs named", the vCenter's row read at once (the page polls). */
        @SuppressWarnings("unchecked")
        String discovery(String name) {
            return (String) browser.script("""
                    const row = Array.from(document.querySelectorAll("[id='list:vcenters'] tbody tr"))
                        .find(r => r.querySelector('span.vcenterName')?.textContent.trim() === arguments[0]);
                    if (!row) return null;
                    const ended = row.querySelector('.discoveryState + div.hint');
                    return [row.querySelector('span.discoveryState').textContent.trim(),
                            ended ? ended.textContent.trim() : '',
                            row.querySelector('span.vmCount').textContent.trim(),
                            Array.from(row.querySelectorAll('li.vmName')).map(li => li.textContent.trim()).join(',')]
                        .join('|');
                    """, name);
        }

        /** Clicks the vCenter's "Discover now" and waits for the page's answer. */
        void discoverNow(String name) {
            WebElement button = row(name).orElseThrow().findElement(By.cssSelector("button[id$=':discover']"));
            browser.ajaxClick(By.id(button.getAttribute("id")));
        }

        String listMessages() {
            return browser.find(By.id("list:messages")).getText();
        }

        private Optional<WebElement> row(String name) {
            return browser.all(By.cssSelector("[id='list:vcenters'] tbody tr")).stream()
                    .filter(r -> r.findElements(By.cssSelector("span.vcenterName")).stream()
                            .anyMatch(n -> n.getText().equals(name)))
                    .findFirst();
        }
    }

    /** The open alerts page. */
    static final class Alerts extends SignedIn {
        private Alerts(ConsoleBrowser browser) {
            super(browser);
        }

        void subject(String subject) {
            WebElement input = browser.find(By.id("alerts:subject"));
            input.clear();
            input.sendKeys(subject);
        }

        /** Clicks the alert's Acknowledge and returns what the confirmation says (still open). */
        String requestAcknowledge(long id) {
            browser.click(By.cssSelector("button.alert-" + id));
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        void confirm() {
            browser.find(By.id("alerts:confirmYes")).click();
        }

        /** What the alert's row says of its acknowledgement, once it says it. */
        String awaitAcknowledged(String subject, Duration limit) {
            return browser.waitUntil(limit, d -> browser.all(By.cssSelector("[id='alerts:list'] tbody tr")).stream()
                    .filter(r -> r.findElements(By.cssSelector("span.alertSubject")).stream()
                            .anyMatch(n -> n.getText().equals(subject)))
                    .flatMap(r -> r.findElements(By.cssSelector("span.acknowledged")).stream())
                    .map(WebElement::getText).findFirst().orElse(null));
        }

        String messages() {
            return browser.find(By.id("alerts:messages")).getText();
        }
    }

    /** The process servers page. */
    static final class ProcessServers extends SignedIn {
        private ProcessServers(ConsoleBrowser browser) {
            super(browser);
        }

        List<String> names() {
            return browser.all(By.cssSelector("span.psName")).stream().map(WebElement::getText).toList();
        }

        String health() {
            return browser.find(By.cssSelector("span.psHealth")).getText();
        }

        /** The SHA-256 of the certificate the page shows for each process server, in the listed order. */
        List<String> certificates() {
            return browser.all(By.cssSelector("span.psCertificate")).stream().map(WebElement::getText).toList();
        }
    }

    /** The replication groups page and its form. */
    static final class ReplicationGroups extends SignedIn {
        private ReplicationGroups(ConsoleBrowser browser) {
            super(browser);
        }

        void name(String name) {
            ConsolePages.fill(browser, "group", "name", name);
        }

        /** Ticks the item among the members. */
        void tick(String item) {
            browser.find(By.xpath("//*[@id='group:items']//label[normalize-space()='" + item + "']")).click();
        }

        void save() {
            browser.ajaxClick(By.id("group:save"));
        }

        String messageBeside(String field) {
            return browser.find(By.id("group:" + field + "Message")).getText();
        }

        /** The group's members as the list shows them, once listed. */
        Optional<String> members(String group) {
            return row(group).map(r -> r.findElement(By.cssSelector("span.groupMembers")).getText());
        }

        /** The group's policy as the list shows it, once listed. */
        Optional<String> policy(String group) {
            return row(group).map(r -> r.findElement(By.cssSelector("span.groupPolicy")).getText());
        }

        /** Clicks the group's Edit: the form below is then the group's, its heading says so. */
        String edit(String group) {
            browser.ajaxClick(By.id(rowButton(group, "edit")));
            return browser.find(By.id("groupHeading")).getText();
        }

        /** Picks the policy in the form by its name ("" for the default). */
        void choosePolicy(String policy) {
            new org.openqa.selenium.support.ui.Select(browser.find(By.id("group:policy"))).selectByValue(policy);
        }

        /** Clicks the group's Delete and returns what its confirmation says (still open). */
        String requestDelete(String group) {
            browser.find(By.id(rowButton(group, "delete"))).click();
            return browser.waitFor(By.cssSelector(".ui-confirm-dialog-message")).getText();
        }

        void confirm() {
            browser.find(By.id("list:confirmYes")).click();
        }

        private String rowButton(String group, String button) {
            return row(group).orElseThrow().findElement(By.cssSelector("button[id$=':" + button + "']"))
                    .getAttribute("id");
        }

        private Optional<WebElement> row(String group) {
            return browser.all(By.cssSelector("[id='list:groups'] tbody tr")).stream()
                    .filter(r -> r.findElements(By.cssSelector("span.groupName")).stream()
                            .anyMatch(n -> n.getText().equals(group)))
                    .findFirst();
        }
    }
}
