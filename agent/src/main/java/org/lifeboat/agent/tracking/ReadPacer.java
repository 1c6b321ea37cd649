package org.lifeboat.agent.tracking;

/**
 * Holds a pass to a read rate, so that a full scan compare after a gap in the trace does not take
 * the disk's whole read bandwidth from the machine it protects.
 */
public final class ReadPacer {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();

    /** @param bytesPerSecond the rate; 0 for none */
    public ReadPacer(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Waits until {@code bytesRead} since this pacer was made are within the rate. */
    public void pace(long bytesRead) throws InterruptedException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNanos = (long) (bytesRead * 1e9 / bytesPerSecond);
        long aheadMillis = (dueNanos - (System.nanoTime() - startNanos)) / 1_000_000;
        if (aheadMillis > 0) {
            Thread.sleep(aheadMillis);
        }
    }
}
