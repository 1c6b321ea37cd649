package org.lifeboat.agent.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BiosUuidTest {

    @TempDir
    Path dir;

    @Test
    void readsTheUuidInLowerCase() throws Exception {
        Path file = Files.writeString(dir.resolve("product_uuid"), "4229C3F1-0A5B-8E1E-3E7A-0D7B2C9E5A11\n");

        assertEquals(Optional.of("4229c3f1-0a5b-8e1e-3e7a-0d7b2c9e5a11"), BiosUuid.read(file));
    }

    @Test
    void nothingWhenMissingOrNotAUuid() throws Exception {
        assertEquals(Optional.empty(), BiosUuid.read(dir.resolve("absent")));
        assertEquals(Optional.empty(), BiosUuid.read(Files.writeString(dir.resolve("junk"), "Not Settable")));
    }
}
