package org.lifeboat.connector;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of frame buffers that all sessions of the port may hold at once. A session reserves a
 * frame's size before its buffer is allocated and gives it back once the frame is journaled, so a
 * crowd of agents sending 4 MiB frames at once waits (back-pressure) instead of exhausting the heap.
 */
final class ReceiveBudget {

    private final int totalBytes;
    private final Semaphore bytes;

    ReceiveBudget(long totalBytes) {
        this.totalBytes = Math.toIntExact(totalBytes);
        this.bytes = new Semaphore(this.totalBytes, true); // fair: a 4 MiB frame is not starved by small ones
    }

    /**
     * Waits up to {@code patience} for {@code count} bytes.
     *
     * @throws IOException if they are not free in time; the session then ends and its agent resends
     */
    void reserve(int count, Duration patience) throws IOException {
        try {
            if (!bytes.tryAcquire(count, patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the receive budget of " + totalBytes + " bytes stayed in use for "
                        + patience.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for receive budget", e);
        }
    }

    void release(int count) {
        bytes.release(count);
    }

    int totalBytes() {
        return totalBytes;
    }

    int bytesInUse() {
        return totalBytes - bytes.availablePermits();
    }
}
