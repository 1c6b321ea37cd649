package org.lifeboat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@code ./lifeboat} prints and leaves on disk, as an operator relies on it. */
class LauncherIT {

    @Test
    void statusPrintsTheAccessLinesAndEveryPartUp() {
        LifeboatStack.CommandResult status = LifeboatStack.launcher("status");

        assertEquals(0, status.exitCode(), status.toString());
        String port = String.valueOf(LifeboatStack.PORT_BASE + 81);
        assertTrue(status.stdout().contains("Console: https://localhost:" + port + "/lifeboat/\n"), status.stdout());
        assertTrue(status.stdout().contains("API: https://localhost:" + port + "/lifeboat/api/v1\n"), status.stdout());
        assertTrue(status.stdout().contains("Admin user: admin\n"), status.stdout());
        assertTrue(status.stdout().contains("Admin password file: " + LifeboatStack.HOME.resolve("secrets/admin-password")),
                status.stdout());
        assertTrue(status.stdout().contains("Registration passphrase file: "
                + LifeboatStack.HOME.resolve("secrets/registration-passphrase")), status.stdout());
        assertTrue(status.stdout().contains("Replication port: localhost:" + (LifeboatStack.PORT_BASE + 1443) + "\n"),
                status.stdout());
        assertTrue(status.stdout().contains("Server: running"), status.stdout());
        assertTrue(status.stdout().contains("Azurite: running"), status.stdout());
        assertTrue(status.stdout().contains("Application: healthy"), status.stdout());
    }

    @Test
    void aSecondStartSaysSoAndChangesNothing() throws IOException {
        String pidBefore = Files.readString(LifeboatStack.HOME.resolve("domains/lifeboat/config/pid")).strip();

        LifeboatStack.CommandResult start = LifeboatStack.launcher("start");

        assertEquals(0, start.exitCode(), start.toString());
        assertTrue(start.stdout().startsWith("Lifeboat is already running; nothing changed."), start.stdout());
        assertTrue(start.stdout().contains("API: https://localhost:"), start.stdout());
        assertEquals(pidBefore, Files.readString(LifeboatStack.HOME.resolve("domains/lifeboat/config/pid")).strip());
        assertEquals(200, LifeboatStack.get(LifeboatStack.api("/health"), null, null).statusCode());
    }

    @Test
    void secretsAreReadableByTheirOwnerOnly() throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        for (String secret : new String[]{"admin-password", "registration-passphrase", "asadmin-passwords",
                "tls-keystore-password", "storage-connection-string", "azurite-account-key", "payara-master-password"}) {
            Path file = LifeboatStack.HOME.resolve("secrets").resolve(secret);
            assertEquals(ownerOnly, Files.getPosixFilePermissions(file), file.toString());
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(LifeboatStack.HOME.resolve("secrets")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(LifeboatStack.HOME.resolve("tls/server-key.pem")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(LifeboatStack.HOME.resolve("tls/server.p12")));
    }

    @Test
    void theAdministratorPasswordIsStoredOnlyAsAPbkdf2Hash() throws IOException {
        String password = LifeboatStack.adminPassword();
        boolean hashFound = false;
        try (var files = Files.walk(LifeboatStack.HOME.resolve("db"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(!content.contains(password), "the plain password is in " + file);
                hashFound |= content.contains("PBKDF2WithHmacSHA256:");
            }
        }
        assertTrue(hashFound, "no PBKDF2 hash in the database files");
    }
}
