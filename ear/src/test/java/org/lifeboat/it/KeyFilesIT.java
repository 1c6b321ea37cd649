package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's key files survive a crash and stay private: each is written whole, fsynced, renamed into
 * place and its directory fsynced, owner-only. The fsyncs are watched with strace on the running server.
 */
class KeyFilesIT {

    private static final Path SECRETS = LifeboatStack.HOME.resolve("secrets");

    @Test
    void keyFilesAreOwnerOnly() throws Exception {
        assertEquals("rwx------", mode(SECRETS));
        for (Path file : List.of(SECRETS.resolve("vault-key"), SECRETS.resolve("registration-passphrase"),
                SECRETS.resolve("storage-connection-string"), SECRETS.resolve("tls-keystore-password"),
                LifeboatStack.HOME.resolve("tls/server.p12"), LifeboatStack.HOME.resolve("tls/server-key.pem"))) {
            assertEquals("rw-------", mode(file), file.toString());
        }
    }

    @Test
    void aNewRegistrationPassphraseIsFsyncedWithItsDirectoryBeforeItIsShown() throws Exception {
        long server = Long.parseLong(LifeboatStack.read(LifeboatStack.HOME.resolve("domains/lifeboat/config/pid")).strip());
        Path trace = Files.createTempFile("lifeboat-fsync", ".strace");
        // -f attaches every thread of the server, -y names each descriptor's file
        Process strace = new ProcessBuilder("strace", "-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o",
                trace.toString(), "-p", String.valueOf(server)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(5_000); // attaching to a few hundred threads takes a moment
            assertTrue(strace.isAlive(), "strace could not attach to the server (pid " + server + ")");
            HttpResponse<String> regenerated = LifeboatStack.sendAsAdmin("POST", "/agents/passphrase", null);
            assertEquals(200, regenerated.statusCode(), regenerated.body());
            Thread.sleep(1_000);
        } finally {
            strace.destroy();
            strace.waitFor(30, TimeUnit.SECONDS);
        }
        String syscalls = Files.readString(trace);
        Files.deleteIfExists(trace);
        String secrets = SECRETS.toRealPath().toString();
        assertTrue(syscalls.lines().anyMatch(l -> l.contains("fsync(") && l.contains(secrets + "/.registration-passphrase")),
                "the new passphrase was not fsynced before its rename:\n" + excerpt(syscalls, secrets));
        assertTrue(syscalls.lines().anyMatch(l -> l.contains("fsync(") && l.contains("<" + secrets + ">")),
                "the secrets directory was not fsynced after the rename:\n" + excerpt(syscalls, secrets));
        assertEquals("rw-------", mode(SECRETS.resolve("registration-passphrase")));
    }

    private static String excerpt(String syscalls, String secrets) {
        List<String> lines = syscalls.lines().filter(l -> l.contains(secrets)).limit(20).toList();
        return lines.isEmpty() ? "(no fsync under " + secrets + " among " + syscalls.lines().count() + " lines)"
                : String.join("\n", lines);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
