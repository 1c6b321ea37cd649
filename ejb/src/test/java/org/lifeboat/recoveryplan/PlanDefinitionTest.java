package org.lifeboat.recoveryplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.shared.InvalidRequestException;

class PlanDefinitionTest {

    @TempDir
    Path home;

    private ScriptsDirectory scripts;
    private final Set<String> items = Set.of("db", "app", "web");

    @BeforeEach
    void scriptsDirectory() throws Exception {
        Path dir = Files.createDirectory(home.resolve("scripts"));
        executable(dir.resolve("pre.sh"), "#!/bin/sh\necho pre\n");
        Files.writeString(home.resolve("outside.sh"), "#!/bin/sh\n");
        Files.createSymbolicLink(dir.resolve("escape.sh"), home.resolve("outside.sh"));
        Files.createSymbolicLink(dir.resolve("inside-link.sh"), dir.resolve("pre.sh"));
        Files.writeString(dir.resolve("not-executable.sh"), "#!/bin/sh\n");
        scripts = new ScriptsDirectory(dir);
    }

    @Test
    void aGoodPlanRoundTripsAndRunsInStages() {
        PlanDefinition plan = parse("{\"description\":\"shop\",\"preActions\":[{\"type\":\"Script\",\"script\":"
                + "\"pre.sh\",\"timeoutSeconds\":30}],\"groups\":[{\"items\":[\"db\"],\"postActions\":[{\"type\":"
                + "\"Manual\",\"text\":\"check the database\"}]},{\"items\":[\"app\",\"web\"],\"preActions\":[{"
                + "\"type\":\"Script\",\"script\":\"inside-link.sh\"}]}]}");
        assertEquals(List.of("db", "app", "web"), plan.items());
        assertEquals(Duration.ofSeconds(30), plan.preActions().get(0).timeout());
        assertEquals(PlanAction.DEFAULT_TIMEOUT, plan.groups().get(1).preActions().get(0).timeout());
        assertEquals(plan, PlanDefinition.stored(plan.toJson()));
        assertEquals(List.of("Plan pre-action 1: script pre.sh", "Group 1", "Group 1: db",
                "Group 1 post-action 1: manual action", "Group 2", "Group 2 pre-action 1: script inside-link.sh",
                "Group 2: app", "Group 2: web"), PlanStage.steps(PlanStage.of(plan, true)));
        assertEquals(List.of("Group 1", "Group 1: db", "Group 2", "Group 2: app", "Group 2: web"),
                PlanStage.steps(PlanStage.of(plan, false)));
    }

    @Test
    void eachMistakeIsRefusedNamingItsField() {
        String[][] bad = {
            {"{\"groups\":[]}", "groups"},
            {"{}", "groups"},
            {"{\"groups\":[{\"items\":[\"nope\"]}]}", "groups[0].items[0]"},
            {"{\"groups\":[{\"items\":[\"db\"]},{\"items\":[\"app\",\"db\"]}]}", "groups[1].items[1]"},
            {"{\"groups\":[{\"items\":[]}]}", "groups[0].items"},
            {"{\"groups\":[{\"items\":[\"db\"],\"preActions\":[{\"type\":\"Script\",\"script\":\"../outside.sh\"}]}]}",
                "groups[0].preActions[0].script"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"postActions\":[{\"type\":\"Script\",\"script\":\"escape.sh\"}]}",
                "postActions[0].script"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Script\",\"script\":\"" + home
                + "/outside.sh\"}]}", "preActions[0].script"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Script\",\"script\":\"not-executable.sh\"}]}",
                "preActions[0].script"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Script\",\"script\":\"pre.sh\","
                + "\"timeoutSeconds\":0}]}", "preActions[0].timeoutSeconds"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Script\",\"script\":\"pre.sh\","
                + "\"timeoutSeconds\":1.5}]}", "preActions[0].timeoutSeconds"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Script\",\"script\":\"pre.sh\","
                + "\"timeoutSeconds\":99999}]}", "preActions[0].timeoutSeconds"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Manual\"}]}", "preActions[0].text"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"preActions\":[{\"type\":\"Email\"}]}", "preActions[0].type"},
            {"{\"groups\":[{\"items\":[\"db\"],\"bootDelay\":3}]}", "groups[0].bootDelay"},
            {"{\"groups\":[{\"items\":[\"db\"]}],\"extra\":1}", "extra"}};
        for (String[] b : bad) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(b[0]), b[0]);
            assertEquals(b[1], e.field(), b[0] + ": " + e.getMessage());
        }
    }

    @Test
    void atMostOneHundredItems() {
        String hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "\"vm" + i + "\"").collect(Collectors.joining(","));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> PlanDefinition.parse(
                json("{\"groups\":[{\"items\":[" + hundredAndOne + "]}]}"), item -> true, scripts));
        assertEquals("groups", e.field());
        assertTrue(e.getMessage().contains("at most 100"), e.getMessage());
        String hundred = IntStream.range(0, 100).mapToObj(i -> "\"vm" + i + "\"").collect(Collectors.joining(","));
        assertEquals(100, PlanDefinition.parse(json("{\"groups\":[{\"items\":[" + hundred + "]}]}"), item -> true,
                scripts).items().size());
    }

    @Test
    void aScriptRunsWithItsEnvironmentAndItsOutputIsBounded() throws Exception {
        Path dir = scripts.dir();
        executable(dir.resolve("env.sh"), "#!/bin/sh\necho \"plan=$LIFEBOAT_PLAN\"\nexit 3\n");
        ScriptRun.Outcome outcome = ScriptRun.run(dir.resolve("env.sh"), dir, Duration.ofSeconds(20),
                java.util.Map.of("LIFEBOAT_PLAN", "shop"));
        assertEquals(3, outcome.exitCode());
        assertTrue(outcome.summary().contains("exit 3") && outcome.summary().contains("plan=shop"), outcome.summary());

        executable(dir.resolve("chatty.sh"), "#!/bin/sh\nhead -c 1000000 /dev/zero | tr '\\0' x\necho END\n");
        ScriptRun.Outcome chatty = ScriptRun.run(dir.resolve("chatty.sh"), dir, Duration.ofSeconds(20),
                java.util.Map.of());
        assertTrue(chatty.succeeded());
        assertTrue(chatty.output().length() < ScriptRun.KEPT + 100, "bounded: " + chatty.output().length());
        assertTrue(chatty.output().strip().endsWith("END"));

        executable(dir.resolve("slow.sh"), "#!/bin/sh\necho started\nsleep 30\n");
        ScriptRun.Outcome slow = ScriptRun.run(dir.resolve("slow.sh"), dir, Duration.ofSeconds(1), java.util.Map.of());
        assertTrue(slow.timedOut() && !slow.succeeded());
        assertTrue(slow.took().toSeconds() < 15, "killed at the timeout: " + slow.took());
        assertTrue(slow.summary().contains("timed out") && slow.summary().contains("started"), slow.summary());
    }

    private PlanDefinition parse(String text) {
        return PlanDefinition.parse(json(text), items::contains, scripts);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
