package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Lifeboat homes started one after another on the same port base, with a kill -9 of the server in
 * between, the way a new user tries the project: every start succeeds or fails fast with its reason, and
 * every stop leaves nothing of its home running (a kill -9 once left Azurite on its port, and the next
 * start on that port base failed). It runs on its own port base, beside the build's shared stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartStopLoopIT {

    private static final int PORT_BASE = Integer.getInteger("lifeboat.loop.port.base", 5000);
    /**
     * Two rounds (a, b); the next test starts home a again, after its server was killed (what once left
     * Azurite on the port) and after home b ran on the same ports. A longer loop, -Dlifeboat.loop.rounds=N,
     * costs about a minute and a half a round.
     */
    private static final int ROUNDS = Integer.getInteger("lifeboat.loop.rounds", 2);
    private static final Path TARGET = LifeboatStack.HOME.getParent();
    private static final List<Path> HOMES = List.of(TARGET.resolve("loop-home-a"), TARGET.resolve("loop-home-b"));
    /**
     * A start that fails must end by itself with its reason within the launcher's own bounds (two tries
     * of at most 600 s, then 600 s for health; a failed, exited or frozen server is noticed within
     * seconds), not hang until its caller gives up. Payara alone took 1 to 5 minutes to start on the
     * shared 2-core build machine, and the first start of a home creates and configures a domain.
     */
    private static final Duration FAIL_FAST = Duration.ofMinutes(32);
    private static final Duration PATIENCE = Duration.ofMinutes(45);

    @Test
    @Order(1)
    void everyStartSucceedsOrFailsFastWithItsReasonAndEveryStopEndsEverything() {
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path home = HOMES.get(round % 2);
            Instant begin = Instant.now();
            LifeboatStack.CommandResult start = LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "start");
            Duration took = Duration.between(begin, Instant.now());
            if (start.exitCode() != 0) {
                assertTrue(took.compareTo(FAIL_FAST) < 0, "round " + round + ": a failing start took " + took + "\n" + start);
                assertTrue(start.stderr().contains("lifeboat: "), "round " + round + ": no reason given\n" + start);
            } else {
                long server = LifeboatStack.serverPid(start);
                LifeboatStack.kill9(server, "round " + round + ": the server");
            }

            LifeboatStack.CommandResult stop = LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "stop");
            assertEquals(0, stop.exitCode(), "round " + round + "\n" + stop);
            assertTrue(stop.stdout().contains("Lifeboat stopped."), stop.toString());
            assertNothingOfTheHomeRuns(home, "round " + round + " after stop");
            rounds.add("round " + round + " (" + home.getFileName() + "): start exit " + start.exitCode()
                    + " in " + took.toSeconds() + " s");
        }
        System.out.println(String.join("\n", rounds));
    }

    /**
     * Home a started again after the rounds above (its server killed, home b on the same ports since). A
     * server that stops answering while it starts (here: frozen with SIGSTOP as soon as its JVM appears; a
     * data grid that failed to start once left a server that neither ran nor exited) is ended, named in one
     * line with the server log's path, and started once more. Then a server that does not stop (frozen
     * again: asadmin stop-domain gets no answer) is killed by stop, and Azurite is stopped all the same;
     * nothing of the home is left running. (One start serves both checks: each start costs a minute or two.)
     */
    @Test
    @Order(2)
    void aServerThatStopsAnsweringIsEndedAndStartedOnceMoreAndStopEndsAFrozenServer() throws Exception {
        Path home = HOMES.get(0);
        if (!Files.exists(home.resolve("lifeboat.conf"))) {
            assertEquals(0, LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "start").exitCode());
        }
        assertEquals(0, LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "stop").exitCode());
        String instanceRoot = "-Dcom.sun.aas.instanceRoot=" + home.resolve("domains/lifeboat");

        Instant begin = Instant.now();
        CompletableFuture<LifeboatStack.CommandResult> start = CompletableFuture.supplyAsync(
                () -> LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "start"));
        long frozen = -1;
        while (frozen < 0 && !start.isDone() && Duration.between(begin, Instant.now()).compareTo(PATIENCE) < 0) {
            frozen = ProcessHandle.allProcesses()
                    // the server's JVM only: the launcher's own pgrep carries the same string in its pattern, and
                    // freezing that instead hung the start (seen once in a full run)
                    .filter(process -> process.info().command().orElse("").endsWith("/java")
                            && process.info().commandLine().orElse("").contains(instanceRoot))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            Thread.sleep(frozen < 0 ? 200 : 0);
        }
        assertTrue(frozen > 0, "the server's JVM never appeared"
                + (start.isDone() ? "; the start ended first: " + start.join() : " within " + PATIENCE));
        assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(frozen)).start().waitFor());

        LifeboatStack.CommandResult result = start.get(PATIENCE.toMinutes() + 1, TimeUnit.MINUTES);
        Duration took = Duration.between(begin, Instant.now());
        long restarted = -1;
        try {
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.stderr().contains("lifeboat: the server (pid " + frozen + ") was stopped (process state T)"
                    + " while starting; ended it, retrying once (see " + home.resolve("domains/lifeboat/logs/server.log")
                    + ")"), result.toString());
            restarted = LifeboatStack.serverPid(result);
            assertNotEquals(frozen, restarted);
            assertTrue(ProcessHandle.of(frozen).isEmpty(), "the frozen server was left behind");
            assertTrue(took.compareTo(FAIL_FAST) < 0, "the start with one retry took " + took);
            System.out.println("start with a frozen server and one retry: " + took.toSeconds() + " s");

            assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(restarted)).start().waitFor());
            LifeboatStack.CommandResult stop = LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "stop");
            assertEquals(0, stop.exitCode(), stop.toString());
            assertTrue(stop.stdout().contains("Server: stopped (pid " + restarted + ")"), stop.toString());
            assertTrue(stop.stdout().contains("Azurite: stopped"), stop.toString());
            assertNothingOfTheHomeRuns(home, "after stopping a frozen server");
        } finally {
            ProcessHandle.of(frozen).ifPresent(ProcessHandle::destroyForcibly);
            if (restarted > 0) {
                ProcessHandle.of(restarted).ifPresent(ProcessHandle::destroyForcibly);
            }
            LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "stop");
        }
    }

    @AfterAll
    static void stopBothHomes() {
        for (Path home : HOMES) {
            LifeboatStack.launcherIn(home, PORT_BASE, PATIENCE, "stop");
        }
    }

    private static void assertNothingOfTheHomeRuns(Path home, String when) {
        List<String> left = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(home.toString()))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
                .toList();
        assertEquals(List.of(), left, when + ": processes of " + home + " still run");
        for (int offset : new int[]{48, 81, 86, 1443, 2000}) {
            assertFalse(listening(PORT_BASE + offset), when + ": port " + (PORT_BASE + offset) + " still answers");
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
