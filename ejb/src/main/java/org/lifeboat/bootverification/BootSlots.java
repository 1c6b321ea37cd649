package org.lifeboat.bootverification;

import java.util.concurrent.Semaphore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The boot verifications that may run at once: each is a QEMU process using a core and memory, and
 * a local copy of the point's disks. A request beyond the limit is refused rather than queued.
 */
@ApplicationScoped
public class BootSlots {

    private final int limit = BootVerificationSettings.maxRunning();
    private final Semaphore slots = new Semaphore(limit);

    /**
     * Takes a slot if one is free. When none was taken, {@code whenIdle} runs first: no verification can
     * be using the scratch folder then, so what a crash or a restart left in it can go.
     */
    public synchronized boolean tryTake(Runnable whenIdle) {
        if (slots.availablePermits() == limit) {
            whenIdle.run();
        }
        return slots.tryAcquire();
    }

    public void give() {
        slots.release();
    }

    public int limit() {
        return limit;
    }
}
