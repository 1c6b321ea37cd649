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

    public boolean tryTake() {
        return slots.tryAcquire();
    }

    public void give() {
        slots.release();
    }

    public int limit() {
        return limit;
    }
}
