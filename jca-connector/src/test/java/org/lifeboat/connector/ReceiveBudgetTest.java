package org.lifeboat.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReceiveBudgetTest {

    @Test
    void aReservationBeyondWhatIsFreeWaitsUntilBytesComeBack() throws Exception {
        ReceiveBudget budget = new ReceiveBudget(10L << 20);
        budget.reserve(8 << 20, Duration.ofSeconds(1));

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                budget.reserve(4 << 20, Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "reserved more than the budget");

        budget.release(8 << 20);
        waiting.get(30, TimeUnit.SECONDS);
        assertEquals(4 << 20, budget.bytesInUse());
    }

    @Test
    void aReservationThatCannotBeHadInTimeFailsWithTheReason() {
        ReceiveBudget budget = new ReceiveBudget(10L << 20);

        IOException e = assertThrows(IOException.class, () -> budget.reserve(11 << 20, Duration.ofMillis(50)));

        assertTrue(e.getMessage().contains("receive budget of 10485760 bytes"), e.getMessage());
        assertEquals(0, budget.bytesInUse());
    }
}
