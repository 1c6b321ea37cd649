package org.lifeboat.it;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/** A workload writing random blocks into a disk image until closed; closing waits for its last write. */
final class WriteBurst implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile IOException failure;

    private WriteBurst(DiskImage disk, Random random) {
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    disk.randomWrites(20, random);
                    Thread.sleep(50);
                } catch (IOException e) {
                    failure = e;
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "write-burst");
    }

    static WriteBurst start(DiskImage disk, Random random) {
        WriteBurst burst = new WriteBurst(disk, random);
        burst.thread.start();
        return burst;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }
}
