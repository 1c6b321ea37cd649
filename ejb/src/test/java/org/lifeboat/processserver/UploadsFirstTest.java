package org.lifeboat.processserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The log applier's pauses for a disk's uploads: while they are under way, within bounds, and only for that disk. */
class UploadsFirstTest {

    private static final Duration PAUSE = Duration.ofMillis(400);

    private final UploadsFirst rule = new UploadsFirst(PAUSE);

    @Test
    void aWriteWaitsUntilTheDisksUploadsAreDone() throws Exception {
        rule.uploading("d1");
        UploadsFirst.Turn turn = rule.turn("d1");
        long start = System.nanoTime();
        CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
            turn.beforeWrite();
            return System.nanoTime();
        });
        Thread.sleep(150);
        long done = System.nanoTime();
        rule.uploadsDone("d1");
        long at = written.get(5, TimeUnit.SECONDS);
        assertTrue(at - done >= 0, "the write started before the uploads were done");
        assertTrue(at - start < PAUSE.toNanos(), "the write did not start once the uploads were done");
        assertTrue(rule.pausedMillis() >= 140, "paused " + rule.pausedMillis() + " ms");
    }

    @Test
    void anotherDisksUploadsDoNotPauseIt() {
        rule.uploading("d2");
        assertTrue(millis(() -> rule.turn("d1").beforeWrite()) < 100);
    }

    @Test
    void aPauseEndsAfterTheLongestPauseAndTheApplierThenWritesAsLongUnpaused() {
        rule.uploading("d1"); // uploads that never end
        UploadsFirst.Turn turn = rule.turn("d1");
        long paused = millis(turn::beforeWrite);
        assertTrue(paused >= PAUSE.toMillis() - 10 && paused < PAUSE.toMillis() + 300, "paused " + paused + " ms");
        long unpaused = millis(() -> {
            for (int write = 0; write < 100; write++) {
                turn.beforeWrite();
            }
        });
        assertTrue(unpaused < 100, "100 writes right after a pause that ran out took " + unpaused + " ms");
        sleep(PAUSE.toMillis() + 50);
        long again = millis(turn::beforeWrite);
        assertTrue(again >= PAUSE.toMillis() - 10, "after the unpaused stretch it pauses again: " + again + " ms");
    }

    @Test
    void offItNeverPauses() {
        rule.change(false);
        rule.uploading("d1");
        assertTrue(millis(() -> rule.turn("d1").beforeWrite()) < 100);
    }

    private static long millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
