package org.lifeboat.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {

    @TempDir
    Path directory;

    @Test
    void aWrittenFileHoldsExactlyTheContentOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        Path key = directory.resolve("vault-key");
        Files.writeString(key, "the old key, longer than the new one");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        SecureFiles.writeAtomically(key, "new".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals("new".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(key), files.toList());
        }
    }

    @Test
    void privateDirectoriesAreOwnerOnly() throws Exception {
        Path secrets = directory.resolve("home/secrets");

        SecureFiles.createPrivateDirectories(secrets);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    }
}
