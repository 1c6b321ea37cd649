package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lifeboat stop} on a home whose pid files are stale, as after a kill -9 and a reboot or a long
 * time: the server's pid file names a process that ended during the stop, or an unrelated one by now.
 * Stop must neither give up before Azurite (it once left Azurite on its port, and the next start on
 * that port base failed) nor kill a process that is not part of the home. No Payara is needed: the
 * home is stopped and only its files and processes are there.
 */
class StopWithStalePidFilesIT {

    private static final int PORT_BASE = 13900;
    private final Path home = LifeboatStack.HOME.resolveSibling("stale-home");
    private Process unrelated;
    private Process azurite;

    @BeforeEach
    void aStoppedHomeWithAzuriteRunning() throws IOException {
        Files.createDirectories(home.resolve("domains/lifeboat/config"));
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("lifeboat.conf"), "PORT_BASE=" + PORT_BASE + "\nREPLICATION_PORT=" + (PORT_BASE + 1443)
                + "\nAZURITE_PORT=" + (PORT_BASE + 2000) + "\nPUBLIC_HOST=localhost\nHEAP=768m\n"
                + "HANDSHAKE_TIMEOUT_SECONDS=10\nSTORAGE=azurite\n");
        // stands in for Azurite: its command line names it, as the real one's does
        azurite = new ProcessBuilder("bash", "-c", "exec -a azurite-blob sleep 600").start();
        Files.writeString(home.resolve("run/azurite.pid"), azurite.pid() + "\n");
    }

    @AfterEach
    void endTheProcesses() {
        for (Process process : new Process[]{unrelated, azurite}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aServerPidFileNamingAProcessThatEndsDuringStopStillStopsAzurite() throws Exception {
        LifeboatStack.CommandResult stop = stopWithTheServerPidFileNaming("sleep", "3");

        assertTrue(stop.stdout().contains("Server: was not running"), stop.toString());
        assertTrue(stop.stdout().contains("Azurite: stopped (pid " + azurite.pid() + ")"), stop.toString());
        assertTrue(azurite.waitFor(10, TimeUnit.SECONDS), "Azurite still runs after stop\n" + stop);
    }

    @Test
    void aServerPidFileNamingAnUnrelatedProcessDoesNotGetItKilled() throws Exception {
        LifeboatStack.CommandResult stop = stopWithTheServerPidFileNaming("sleep", "600");

        assertTrue(unrelated.isAlive(), "stop killed a process that is not part of the home\n" + stop);
        assertTrue(azurite.waitFor(10, TimeUnit.SECONDS), "Azurite still runs after stop\n" + stop);
    }

    /** Runs {@code stop} while the server's pid file names a process started from COMMAND. */
    private LifeboatStack.CommandResult stopWithTheServerPidFileNaming(String... command) throws IOException {
        unrelated = new ProcessBuilder(command).start();
        Files.writeString(home.resolve("domains/lifeboat/config/pid"), unrelated.pid() + "\n");
        LifeboatStack.CommandResult stop = LifeboatStack.launcherIn(home, PORT_BASE, Duration.ofMinutes(5), "stop");
        assertEquals(0, stop.exitCode(), stop.toString());
        return stop;
    }
}
