package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentPageWritesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A disk in memory whose writes take a random while, so unordered overlapping writes would show. */
    private static final class SlowDisk implements ConcurrentPageWrites.Target {
        final byte[] bytes = new byte[1 << 20];
        final AtomicInteger inFlight = new AtomicInteger();
        volatile int mostInFlight;
        final Random delays = new Random(7);

        @Override
        public void write(long offset, byte[] data) {
            int now = inFlight.incrementAndGet();
            mostInFlight = Math.max(mostInFlight, now);
            try {
                Thread.sleep(delays.nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                System.arraycopy(data, 0, bytes, (int) offset, data.length);
            }
            inFlight.decrementAndGet();
        }
    }

    @Test
    void overlappingWritesEndAsIfWrittenInOrder() {
        SlowDisk disk = new SlowDisk();
        byte[] expected = new byte[disk.bytes.length];
        Random random = new Random(42);
        try (ConcurrentPageWrites writes = new ConcurrentPageWrites(disk, pool, 4)) {
            for (int i = 0; i < 2000; i++) {
                // a small disk and 512 B–16 KiB writes: many overlap one still in flight
                int length = (1 + random.nextInt(32)) * 512;
                int offset = random.nextInt((expected.length - length) / 512) * 512;
                byte[] data = new byte[length];
                random.nextBytes(data);
                System.arraycopy(data, 0, expected, offset, length);
                writes.write(offset, data);
            }
            writes.drain();
        }
        assertArrayEquals(expected, disk.bytes);
        assertTrue(disk.mostInFlight > 1, "writes ran one at a time: " + disk.mostInFlight);
        assertTrue(disk.mostInFlight <= 4, "more than the limit in flight: " + disk.mostInFlight);
    }

    @Test
    void aFailedWriteIsThrownAndNothingIsLeftRunning() {
        AtomicInteger running = new AtomicInteger();
        ConcurrentPageWrites.Target failingThird = new ConcurrentPageWrites.Target() {
            final AtomicInteger calls = new AtomicInteger();

            @Override
            public void write(long offset, byte[] data) {
                running.incrementAndGet();
                try {
                    if (calls.incrementAndGet() == 3) {
                        throw new IllegalStateException("storage said no");
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
            }
        };
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            try (ConcurrentPageWrites writes = new ConcurrentPageWrites(failingThird, pool, 2)) {
                for (int i = 0; i < 10; i++) {
                    writes.write(i * 4096L, new byte[4096]);
                }
                writes.drain();
            }
        });
        assertEquals("storage said no", failure.getMessage());
        assertEquals(0, running.get(), "a write of the failed attempt was still running");
    }
}
