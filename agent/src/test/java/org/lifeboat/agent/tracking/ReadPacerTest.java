package org.lifeboat.agent.tracking;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadPacerTest {

    @Test
    void holdsAPassToItsRate() throws Exception {
        ReadPacer pacer = new ReadPacer(10L << 20); // 10 MiB/s
        long start = System.nanoTime();
        pacer.pace(3L << 20); // 3 MiB read at once: due at 300 ms
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 250 && tookMillis < 5_000, tookMillis + " ms");
    }

    @Test
    void noRateNeverWaits() throws Exception {
        long start = System.nanoTime();
        new ReadPacer(0).pace(Long.MAX_VALUE / 2);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000);
    }
}
