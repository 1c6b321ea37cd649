package org.lifeboat.bootverification;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.shared.ConflictException;

/** The refusals made before a job exists, and the one-at-a-time slots. */
class BootVerifierTest {

    @TempDir
    Path dir;

    @AfterEach
    void defaults() {
        System.clearProperty(BootVerificationSettings.QEMU);
    }

    @Test
    void aMissingQemuIsRefusedSayingWhatToInstall() {
        System.setProperty(BootVerificationSettings.QEMU, "qemu-system-nonexistent-arch");
        ConflictException e = assertThrows(ConflictException.class, BootVerifier::requireQemu);
        assertTrue(e.getMessage().contains("apt-get install qemu-system-x86"), e.getMessage());
        System.setProperty(BootVerificationSettings.QEMU, dir.resolve("no/qemu").toString());
        assertThrows(ConflictException.class, BootVerifier::requireQemu);
        System.setProperty(BootVerificationSettings.QEMU, "sh"); // found on the PATH
        assertDoesNotThrow(BootVerifier::requireQemu);
    }

    @Test
    void disksLargerThanTheFreeSpaceAreRefused() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        ConflictException e = assertThrows(ConflictException.class, () -> BootVerifier.requireRoom(dir,
                List.of(new BootDisk("d", "/dev/sda", "d.vhd", free, "snap"))));
        assertTrue(e.getMessage().contains("MiB are free"), e.getMessage());
        assertDoesNotThrow(() -> BootVerifier.requireRoom(dir, List.of(new BootDisk("d", "/dev/sda", "d.vhd",
                64L << 20, "snap"))));
    }

    @Test
    void oneSlotAtATimeAndLeftoversGoOnlyWhenNoneIsTaken() {
        BootSlots slots = new BootSlots();
        AtomicInteger cleared = new AtomicInteger();
        assertTrue(slots.tryTake(cleared::incrementAndGet));
        assertFalse(slots.tryTake(cleared::incrementAndGet), "the default is one at a time");
        assertEquals(1, cleared.get(), "a running verification's scratch folder is left alone");
        slots.give();
        assertTrue(slots.tryTake(cleared::incrementAndGet));
        assertEquals(2, cleared.get());
    }
}
