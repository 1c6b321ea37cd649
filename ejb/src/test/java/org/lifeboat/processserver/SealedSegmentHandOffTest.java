package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.ReplicationPhase;

/** When the upload worker takes a sealed segment of a disk past its initial replication (built-in process server). */
class SealedSegmentHandOffTest {

    private static final Instant SEALED = Instant.parse("2026-12-03T09:00:00Z");

    @TempDir
    Path dir;

    private final SealedSegmentHandOff handOff = new SealedSegmentHandOff();
    private SealedSegment segment;
    private ProtectedDisk disk;

    @BeforeEach
    void setUp() throws Exception {
        Field route = SealedSegmentHandOff.class.getDeclaredField("route");
        route.setAccessible(true);
        route.set(handOff, new ApplierRoute());
        handOff.changeWindow(Duration.ofSeconds(2));
        handOff.changeInitialWindow(Duration.ofSeconds(60));
        Path file = Files.writeString(dir.resolve("segment.seg"), "frames");
        Files.setLastModifiedTime(file, FileTime.from(SEALED));
        segment = new SealedSegment(file, "d1", 11, 20, 10);
        Constructor<ProtectedDisk> jpa = ProtectedDisk.class.getDeclaredConstructor();
        jpa.setAccessible(true);
        disk = jpa.newInstance();
        disk.reported(ReplicationPhase.DELTA, 100, 0);
    }

    @Test
    void aSegmentTheApplierMayTakeWaitsTheWindow() {
        assertFalse(handOff.dueForUpload(segment, disk, false, SEALED.plusMillis(1999)));
        assertTrue(handOff.dueForUpload(segment, disk, false, SEALED.plusSeconds(2)));
    }

    @Test
    void aSegmentTheApplierCannotTakeAtOnceIsUploadedAtOnce() {
        // the applier still has uploaded segments of the disk to apply first: waiting would only add to the RPO
        assertTrue(handOff.dueForUpload(segment, disk, true, SEALED));
    }

    @Test
    void theApplierTakesASegmentStraightOnlyBeforeItsWindowEnds() {
        assertEquals(Optional.of(SEALED.plusSeconds(2)), handOff.directApplyUntil(segment, disk, SEALED.plusMillis(1999)));
        assertEquals(Optional.empty(), handOff.directApplyUntil(segment, disk, SEALED.plusSeconds(2)));
    }

    @Test
    void aSegmentGoneMeanwhileIsNeitherTakenNorUploaded() throws Exception {
        Files.delete(segment.file());
        assertEquals(Optional.empty(), handOff.directApplyUntil(segment, disk, SEALED));
        assertFalse(handOff.dueForUpload(segment, disk, false, SEALED.plusSeconds(3)));
    }

    @Test
    void aZeroWindowSendsEverySegmentThroughTheContainer() {
        handOff.changeWindow(Duration.ZERO);
        assertTrue(handOff.dueForUpload(segment, disk, false, SEALED));
        assertEquals(Optional.empty(), handOff.directApplyUntil(segment, disk, SEALED));
    }
}
