package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Stop and start, and undeploy and deploy, of the shared test stack. It runs after every other test
 * class (see junit-platform.properties), since it takes the stack down for a while.
 */
@Order(Integer.MAX_VALUE)
class RestartIT {

    @Test
    void disablingTheApplicationFreesTheReplicationPortAndEnablingItBindsItAgain() {
        String asadmin = LifeboatStack.HOME.resolve("payara6/bin/asadmin").toString();
        List<String> admin = List.of(asadmin, "--user", "admin", "--passwordfile",
                LifeboatStack.HOME.resolve("secrets/asadmin-passwords").toString(),
                "--port", String.valueOf(LifeboatStack.PORT_BASE + 48));
        int replicationPort = LifeboatStack.PORT_BASE + 1443;

        LifeboatStack.CommandResult disable = LifeboatStack.run(concat(admin, "disable", "lifeboat"),
                Duration.ofMinutes(2));
        assertEquals(0, disable.exitCode(), disable.toString());
        assertFalse(listening(replicationPort), "the replication port is still bound after the application stopped");

        LifeboatStack.CommandResult enable = LifeboatStack.run(concat(admin, "enable", "lifeboat"),
                Duration.ofMinutes(2));
        assertEquals(0, enable.exitCode(), enable.toString());
        assertTrue(listening(replicationPort));
        assertEquals(0, LifeboatStack.agent("ping", "--server", LifeboatStack.replicationAddress(),
                "--ca-cert", LifeboatStack.serverCertificate().toString()).exitCode());
    }

    @Test
    void rowsAndThePersistentTimerSurviveStopAndStart() throws Exception {
        List<JsonObject> eventsBefore = events();
        String timerCreated = (String) Jmx.attribute("lifeboat:type=Vault", "HeartbeatTimerCreated");
        long firingsBefore = (Long) Jmx.attribute("lifeboat:type=Vault", "HeartbeatFirings");

        LifeboatStack.CommandResult stop = LifeboatStack.launcher("stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertFalse(listening(LifeboatStack.PORT_BASE + 81), "HTTPS still answers after stop");
        assertFalse(listening(LifeboatStack.PORT_BASE + 1443), "the replication port still answers after stop");
        assertFalse(listening(LifeboatStack.PORT_BASE + 2000), "Azurite still answers after stop");
        LifeboatStack.CommandResult status = LifeboatStack.launcher("status");
        assertTrue(status.exitCode() != 0 && status.stdout().contains("Server: stopped"), status.toString());

        LifeboatStack.CommandResult start = LifeboatStack.launcher("start");
        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.stdout().contains("API: https://localhost:"), start.stdout());

        List<JsonObject> eventsAfter = events();
        for (JsonObject before : eventsBefore) {
            assertTrue(eventsAfter.stream().anyMatch(after -> after.getInt("id") == before.getInt("id")
                            && after.getString("message").equals(before.getString("message"))),
                    "event " + before + " was lost in the restart");
        }
        assertTrue(eventsAfter.size() > eventsBefore.size(), "the restart recorded no start event");

        assertEquals(timerCreated, Jmx.attribute("lifeboat:type=Vault", "HeartbeatTimerCreated"),
                "the persistent timer was re-created instead of surviving the restart");
        long deadline = System.currentTimeMillis() + 60_000;
        while ((Long) Jmx.attribute("lifeboat:type=Vault", "HeartbeatFirings") <= firingsBefore) {
            assertTrue(System.currentTimeMillis() < deadline, "the persistent timer did not fire after the restart");
            Thread.sleep(1000);
        }
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    /**
     * The server runs with -XX:+ExitOnOutOfMemoryError; a server that exits on its own (here a kill -9,
     * which the supervisor cannot tell from such an exit) is started again by the launcher's supervisor,
     * with the reason in logs/supervisor.log, and answers again without anyone running {@code start}.
     */
    @Test
    void theSupervisorRestartsAServerThatExitedOnItsOwn() throws Exception {
        LifeboatStack.CommandResult before = LifeboatStack.launcher("status");
        assertTrue(before.stdout().contains("Supervisor: running"), before.toString());
        long killed = LifeboatStack.serverPid(before);
        assertTrue(Files.readString(LifeboatStack.HOME.resolve("domains/lifeboat/config/domain.xml"))
                .contains("-XX:+ExitOnOutOfMemoryError"), "the server does not run with -XX:+ExitOnOutOfMemoryError");

        LifeboatStack.kill9(killed, "the server");

        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        LifeboatStack.CommandResult after = LifeboatStack.launcher("status");
        while (after.exitCode() != 0) {
            assertTrue(Instant.now().isBefore(deadline), "not restarted within 5 minutes\n" + after
                    + "\n--- supervisor.log\n" + LifeboatStack.read(LifeboatStack.HOME.resolve("logs/supervisor.log")));
            Thread.sleep(2000);
            after = LifeboatStack.launcher("status");
        }
        long restarted = LifeboatStack.serverPid(after);
        assertNotEquals(killed, restarted);
        // status may see the new server healthy a poll before the supervisor's own health wait does and
        // writes its line
        String log = LifeboatStack.read(LifeboatStack.HOME.resolve("logs/supervisor.log"));
        Instant logDeadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!log.contains("restarted: the server runs as pid " + restarted) && Instant.now().isBefore(logDeadline)) {
            Thread.sleep(500);
            log = LifeboatStack.read(LifeboatStack.HOME.resolve("logs/supervisor.log"));
        }
        assertTrue(log.contains("the server (pid " + killed + ") exited without 'lifeboat stop'"), log);
        assertTrue(log.contains("restarted: the server runs as pid " + restarted), log);
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    private static List<JsonObject> events() {
        return JsonBodies.array(LifeboatStack.getAsAdmin("/events?max=1000").body()).getValuesAs(JsonObject.class);
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
