package org.lifeboat.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessServerStatusServiceTest {

    private static final ThroughputSampler.Rates IDLE = new ThroughputSampler.Rates(0, 0, Map.of(), null);

    @TempDir
    Path dir;

    @Test
    void aCacheThatCannotBeReadIsACriticalReasonNotAnEmptyCacheWithUnlimitedRoom() throws IOException {
        Path cache = Files.writeString(dir.resolve("cache"), "not a folder"); // e.g. a mount that went wrong

        ProcessServerStatus status = ProcessServerStatusService.status(cache, 1L << 30, "ps:9443", Instant.now(), IDLE, 0);

        assertEquals(Health.CRITICAL, status.health());
        HealthReason reason = status.reasons().get(0);
        assertEquals(HealthReason.CACHE_UNREADABLE, reason.code());
        assertTrue(reason.message().contains(cache.toString()), reason.message());
        assertEquals(0, status.cacheFreePercent(), "nothing known to be free");
    }

    @Test
    void aReadableCacheReportsItsUseAndBacklog() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.createDirectories(cache.resolve("sealed"));
        Files.write(cache.resolve("sealed").resolve("d_1_2.seg"), new byte[1000]);
        Files.write(cache.resolve("other"), new byte[24]);

        ProcessServerStatus status = ProcessServerStatusService.status(cache, 1L << 30, "ps:9443", Instant.now(), IDLE, 0);

        assertEquals(Health.NORMAL, status.health());
        assertEquals(1024, status.cacheUsedBytes());
        assertEquals(1000, status.uploadBacklogBytes());
        assertTrue(status.cacheFreePercent() > 0);
    }
}
