package org.lifeboat.seeddisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log applier's page writes at their edges: how many run at once, which may run together, and
 * that no failure is lost or outlived. Written after mutation testing (bench/mutation) showed that a
 * failed write could be forgotten, or the limit exceeded, without a test noticing. Waits are bounded
 * and generous; only "still blocked after a while" is asserted, never a speed.
 */
class PageWriteOrderingTest {

    private static final int MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A target whose writes wait for {@link #release} (at most {@link #PATIENCE}). */
    private void heldWrite(long offset, byte[] data) {
        running.incrementAndGet();
        try {
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    @Test
    void neverMoreThanTheLimitAreInFlight() throws InterruptedException {
        ConcurrentPageWrites writes = new ConcurrentPageWrites(this::heldWrite, pool, 2);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                writes.write(i * 4096L, new byte[4096]);
            }
        });
        writer.start();

        assertTrue(eventually(() -> running.get() == 2), "the first two writes never ran together");
        writer.join(500);
        assertTrue(writer.isAlive(), "the third write did not wait for a free slot");
        assertEquals(2, running.get());

        release.countDown();
        writer.join(PATIENCE.toMillis());
        writes.drain();
        assertEquals(0, running.get());
    }

    @Test
    void adjacentWritesRunTogether() throws InterruptedException {
        // a long run of data is cut into adjacent 4 MiB calls: they do not overlap, so they need not wait
        ConcurrentPageWrites writes = new ConcurrentPageWrites(this::heldWrite, pool, 4);
        Thread writer = new Thread(() -> {
            writes.write(512, new byte[512]);
            writes.write(0, new byte[512]); // just before the one in flight
            writes.write(1024, new byte[512]); // just after both
        });
        writer.start();

        assertTrue(eventually(() -> running.get() == 3), "a write waited for its neighbour");
        release.countDown();
        writer.join(PATIENCE.toMillis());
        writes.drain();
    }

    @Test
    void aFailedWriteIsThrownByTheNextWriteEvenWhenNothingOverlapsIt() {
        AtomicInteger calls = new AtomicInteger();
        ConcurrentPageWrites writes = new ConcurrentPageWrites((offset, data) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("storage said no");
            }
        }, Runnable::run, 4); // each write is done when write() returns

        writes.write(0, new byte[512]);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writes.write(MIB, new byte[512]));
        assertEquals("storage said no", e.getMessage());
        assertEquals(1, calls.get(), "the next write started after a failure");
    }

    @Test
    void drainThrowsTheFailureOnlyOnceTheOtherWritesHaveSettled() throws InterruptedException {
        ConcurrentPageWrites writes = new ConcurrentPageWrites((offset, data) -> {
            if (offset == 0) {
                await(release);
                throw new IllegalStateException("storage said no");
            }
            running.incrementAndGet();
            try {
                await(release);
                pause(300); // still running when the failed write is known
            } finally {
                running.decrementAndGet();
            }
        }, pool, 4);
        writes.write(0, new byte[512]);
        writes.write(MIB, new byte[512]);
        writes.write(2 * MIB, new byte[512]);
        assertTrue(eventually(() -> running.get() == 2));

        release.countDown();
        IllegalStateException e = assertThrows(IllegalStateException.class, writes::drain);

        assertEquals("storage said no", e.getMessage());
        assertEquals(0, running.get(), "a write of the failed attempt was still running");
    }

    @Test
    void anErrorInAWriteIsThrownAsItself() {
        Error failure = new StackOverflowError("deep");
        ConcurrentPageWrites writes = new ConcurrentPageWrites((offset, data) -> {
            throw failure;
        }, Runnable::run, 4);

        writes.write(0, new byte[512]);

        assertSame(failure, assertThrows(StackOverflowError.class, writes::drain));
    }

    @Test
    void aLimitOfOneIsLegalAndZeroIsNot() {
        new ConcurrentPageWrites((offset, data) -> { }, Runnable::run, 1).drain();

        assertThrows(IllegalArgumentException.class, () -> new ConcurrentPageWrites((offset, data) -> { },
                Runnable::run, 0));
    }

    @Test
    void dataOfWholeUploadsIsCutIntoExactlyThoseUploads() {
        byte[] data = new byte[8 * MIB];
        new Random(5).nextBytes(data);

        assertEquals(List.of(
                new PageWrite(0, 0, 4 * MIB, false),
                new PageWrite(4 * MIB, 4 * MIB, 4 * MIB, false)), PageWritePlan.of(0, data));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls until the condition holds or {@link #PATIENCE} runs out. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
