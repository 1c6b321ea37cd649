package org.lifeboat.protocol.sizing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizingTest {

    private static final long MB = ChurnLimits.MB;
    private static final ChurnLimits ASR = ChurnLimits.ASR;

    @Test
    void aDiskFitsByItsPeakAgainstTheStandardAndPremiumLimits() {
        assertEquals(DiskFit.STANDARD, DiskFit.of(0, ASR));
        assertEquals(DiskFit.STANDARD, DiskFit.of(10 * MB, ASR));
        assertEquals(DiskFit.PREMIUM, DiskFit.of(10 * MB + 1, ASR));
        assertEquals(DiskFit.PREMIUM, DiskFit.of(20 * MB, ASR));
        assertEquals(DiskFit.EXCEEDS, DiskFit.of(20 * MB + 1, ASR));
    }

    @Test
    void aQuietMachineNeedsOneProcessServerAndTheRpoFloor() {
        Sizing sizing = Sizing.of(0, 0, 0, ASR);
        assertEquals(1, sizing.processServers());
        assertEquals(0, sizing.cacheBytes());
        assertEquals(0, sizing.bandwidthBitsPerSecond());
        assertEquals(3.0, sizing.rpoSeconds(), "pass interval 1 s + seal age 2 s");
        assertTrue(sizing.fitsMachineLimit());
    }

    @Test
    void processServersCacheAndBandwidthFollowTheFormulas() {
        // 50 MB/s on average is 4.32 TB a day: three process servers of 2 TB a day
        Sizing sizing = Sizing.of(50 * MB, 60 * MB, 0, ASR);
        assertEquals(3, sizing.processServers());
        assertEquals(60 * MB * 3600, sizing.cacheBytes(), "an hour at peak");
        assertEquals(480_000_000L, sizing.bandwidthBitsPerSecond());
        assertEquals(60 * MB, sizing.uplinkBytesPerSecond(), "without an uplink the recommended bandwidth");
        assertEquals(4.0, sizing.rpoSeconds(), "1 + 2 + one pass's writes at the peak rate");
        assertFalse(sizing.fitsMachineLimit(), "60 MB/s is above 54 MB/s");
    }

    @Test
    void anUplinkBelowThePeakAddsThePeakMinutesBacklogToTheRpo() {
        // 20 MB/s at peak over a 10 MB/s uplink: 2 s per pass, and a minute's excess (600 MB) takes 60 s
        Sizing sizing = Sizing.of(5 * MB, 20 * MB, 10 * MB, ASR);
        assertEquals(1 + 2 + 2 + 60, sizing.rpoSeconds(), 0.01);
        assertEquals(1, sizing.processServers(), "432 GB a day");
    }

    @Test
    void negativeRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sizing.of(-1, 0, 0, ASR));
    }
}
