package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scale-out process server (or applier, {@code --role applier}) on Payara Micro beside the PostgreSQL stack, started
 * by {@code lifeboat process-server start} in a home of its own and registered with the stack's configuration server:
 * the operator's settings at its first start (the stack's database, storage account and segment key).
 *
 * <p>Each start costs 60-170 s on the loaded test machine, so one process server, {@link #shared()}, serves every
 * class of the failsafe run that needs a plain running one (as {@link LifeboatStack} shares the stack): started on
 * first use, kept running, stopped when the test JVM exits; the next run's start stops one an aborted run left. A class
 * that kills, stops or reconfigures a server for good uses one of its own; one that changes the shared one for a while
 * puts it back before it ends.
 */
final class MicroProcessServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(15);

    /** The one shared by the run's classes (ProcessServerMicroIT's second one, LatestOnScaleOutIT's, ...). */
    static final String SHARED_NAME = "it-shared-ps";
    private static final MicroProcessServer SHARED = new MicroProcessServer(SHARED_NAME,
            Integer.getInteger("lifeboat.process-server2.port.base", 18900), "process-server", 3);
    private static boolean sharedRunning;

    final String name;
    final Path home;
    final int portBase;
    final String role;
    private final int heartbeatSeconds;
    /** What its last start printed (the replication port, the role ...). */
    private volatile LifeboatStack.CommandResult started;

    MicroProcessServer(String name, int portBase) {
        this(name, portBase, "process-server", 5);
    }

    MicroProcessServer(String name, int portBase, String role, int heartbeatSeconds) {
        this.name = name;
        this.home = LifeboatStack.HOME.resolveSibling("it-process-server-" + name);
        this.portBase = portBase;
        this.role = role;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /** The shared one's home, whether it runs yet or not. */
    static Path sharedHome() {
        return SHARED.home;
    }

    /** The shared process server, started (in a fresh home) by its first user and kept for the run. */
    static MicroProcessServer shared() throws IOException {
        synchronized (SHARED) {
            if (!sharedRunning) {
                SHARED.start();
                sharedRunning = true;
                Runtime.getRuntime().addShutdownHook(new Thread(SHARED::stop, "stop " + SHARED.name));
            }
            return SHARED;
        }
    }

    /**
     * Starts a class's own servers (fresh homes) and the shared one, if not running yet, side by side: starts are
     * mostly waiting for Micro to boot and deploy, so two overlap well even on two cores.
     */
    static void startWithTheShared(MicroProcessServer... own) {
        // a thread each: the common pool has one thread on a 2-core machine, which would start them one by one
        ExecutorService threads = Executors.newFixedThreadPool(own.length + 1);
        try {
            List<CompletableFuture<?>> starts = new ArrayList<>();
            starts.add(CompletableFuture.runAsync(() -> uncheck(MicroProcessServer::shared), threads));
            for (MicroProcessServer server : own) {
                starts.add(CompletableFuture.runAsync(() -> uncheck(server::start), threads));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } finally {
            threads.shutdown();
        }
    }

    private interface Start {
        MicroProcessServer run() throws IOException;
    }

    private static void uncheck(Start start) {
        try {
            start.run();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh home (a new key pair, so the name an earlier run registered gets its certificate replaced). */
    MicroProcessServer start() throws IOException {
        command(Map.of(), "stop"); // left by an aborted run, if any
        LifeboatStack.deleteTree(home);
        LifeboatStack.CommandResult start = command(settings(), "start", "--config-server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(), "--replace-certificate",
                "--role", role);
        assertEquals(0, start.exitCode(), start + "\n--- process-server.log\n" + logTail());
        started = start;
        return this;
    }

    /** Starts it again with the home it has (its settings, key pair and journal). */
    LifeboatStack.CommandResult restart() {
        return command(Map.of(), "start");
    }

    /** What its last fresh start printed. */
    LifeboatStack.CommandResult started() {
        return started;
    }

    LifeboatStack.CommandResult status() {
        return command(Map.of(), "status");
    }

    LifeboatStack.CommandResult stop() {
        return command(Map.of(), "stop");
    }

    /** Its Micro process, as its pid file names it. */
    long pid() {
        return Long.parseLong(LifeboatStack.read(home.resolve("run/process-server.pid")).strip());
    }

    /** Freezes its Micro process (SIGSTOP): it answers nothing and does nothing until {@link #resume()}. */
    void pause() {
        signal("STOP");
    }

    /** Lets a paused one run again (SIGCONT); harmless if it was not paused. */
    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        LifeboatStack.CommandResult kill = LifeboatStack.run(List.of("kill", "-" + signal, String.valueOf(pid())),
                Duration.ofSeconds(10));
        assertEquals(0, kill.exitCode(), "kill -" + signal + " " + name + ": " + kill);
    }

    Path log() {
        return home.resolve("logs/process-server.log");
    }

    String logTail() throws IOException {
        if (!Files.exists(log())) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** What the operator gives it at its first start: its name and the configuration server's shared parts. */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("LIFEBOAT_PROCESS_SERVER_NAME", name);
        settings.put("LIFEBOAT_PROCESS_SERVER_HEARTBEAT_SECONDS", String.valueOf(heartbeatSeconds));
        settings.put("LIFEBOAT_DATABASE_URL", System.getProperty("lifeboat.database.url"));
        settings.put("LIFEBOAT_DATABASE_PASSWORD_FILE", System.getProperty("lifeboat.database.password.file"));
        settings.put("LIFEBOAT_AZURE_STORAGE_CONNECTION_STRING",
                LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/storage-connection-string")).strip());
        settings.put("LIFEBOAT_AZURE_STORAGE_CA_FILE", LifeboatStack.serverCertificate().toString());
        settings.put("LIFEBOAT_SEGMENT_KEY_FILE", LifeboatStack.HOME.resolve("secrets/vault-key").toString());
        return settings;
    }

    /** The launcher's {@code process-server} command in its home, on its port base. */
    LifeboatStack.CommandResult command(Map<String, String> settings, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "process-server";
        System.arraycopy(args, 0, command, 1, args.length);
        return LifeboatStack.launcherIn(home, portBase, settings, START_TIMEOUT, command);
    }

    @Override
    public void close() {
        LifeboatStack.CommandResult stop = stop();
        assertEquals(0, stop.exitCode(), stop.toString());
    }
}
