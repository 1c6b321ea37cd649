package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scale-out process server on Payara Micro beside the PostgreSQL stack, started by {@code lifeboat process-server
 * start} in a home of its own and registered with the stack's configuration server: the operator's settings at its
 * first start (the stack's database, storage account and segment key), heartbeat every 5 s.
 */
final class MicroProcessServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(15);

    final String name;
    final Path home;
    final int portBase;

    MicroProcessServer(String name, int portBase) {
        this.name = name;
        this.home = LifeboatStack.HOME.resolveSibling("it-process-server-" + name);
        this.portBase = portBase;
    }

    /** A fresh home (a new key pair, so the name an earlier run registered gets its certificate replaced). */
    MicroProcessServer start() throws IOException {
        command(Map.of(), "stop"); // left by an aborted run, if any
        LifeboatStack.deleteTree(home);
        LifeboatStack.CommandResult start = command(settings(), "start", "--config-server",
                LifeboatStack.access().get("API"), "--passphrase-file",
                LifeboatStack.HOME.resolve("secrets/registration-passphrase").toString(), "--replace-certificate");
        assertEquals(0, start.exitCode(), start + "\n--- process-server.log\n" + logTail());
        return this;
    }

    LifeboatStack.CommandResult stop() {
        return command(Map.of(), "stop");
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

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("LIFEBOAT_PROCESS_SERVER_NAME", name);
        settings.put("LIFEBOAT_PROCESS_SERVER_HEARTBEAT_SECONDS", "5");
        settings.put("LIFEBOAT_DATABASE_URL", System.getProperty("lifeboat.database.url"));
        settings.put("LIFEBOAT_DATABASE_PASSWORD_FILE", System.getProperty("lifeboat.database.password.file"));
        settings.put("LIFEBOAT_AZURE_STORAGE_CONNECTION_STRING",
                LifeboatStack.read(LifeboatStack.HOME.resolve("secrets/storage-connection-string")).strip());
        settings.put("LIFEBOAT_AZURE_STORAGE_CA_FILE", LifeboatStack.serverCertificate().toString());
        settings.put("LIFEBOAT_SEGMENT_KEY_FILE", LifeboatStack.HOME.resolve("secrets/vault-key").toString());
        return settings;
    }

    private LifeboatStack.CommandResult command(Map<String, String> settings, String... args) {
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
