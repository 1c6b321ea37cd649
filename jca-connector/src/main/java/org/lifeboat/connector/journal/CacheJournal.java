package org.lifeboat.connector.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The process server's local cache: per disk journals of acknowledged records ({@code journal/}) and
 * sealed segments waiting for upload ({@code sealed/}). It only grows by what agents send and only
 * shrinks by uploads; when it is nearly full, sessions stop reading (back-pressure) instead of
 * dropping anything.
 */
public final class CacheJournal {

    static final String JOURNAL = "journal";
    static final String SEALED = "sealed";
    /**
     * What one session may still append after it last saw {@link #nearlyFull()} false: the room kept
     * free, beyond the floor, for each disk whose batch is in flight.
     */
    public static final long MAX_BATCH_BYTES = 32L << 20;
    private static final Logger LOG = Logger.getLogger(CacheJournal.class.getName());

    private final Path root;
    private final long capacityBytes;
    private final long minimumFreeBytes;
    private final Map<String, DiskJournal> disks = new ConcurrentHashMap<>();
    private final AtomicLong usedBytes = new AtomicLong();
    private final FileStore store;

    private CacheJournal(Path root, long capacityBytes, long minimumFreeBytes, FileStore store) {
        this.root = root;
        this.capacityBytes = capacityBytes;
        this.minimumFreeBytes = minimumFreeBytes;
        this.store = store;
    }

    public static CacheJournal open(Path root, long capacityBytes, long minimumFreeBytes) throws IOException {
        Files.createDirectories(root);
        return open(root, capacityBytes, minimumFreeBytes, Files.getFileStore(root));
    }

    static CacheJournal open(Path root, long capacityBytes, long minimumFreeBytes, FileStore store) throws IOException {
        Files.createDirectories(root.resolve(JOURNAL));
        Files.createDirectories(root.resolve(SEALED));
        CacheJournal journal = new CacheJournal(root, capacityBytes, minimumFreeBytes, store);
        journal.measure();
        return journal;
    }

    public Path root() {
        return root;
    }

    /** The disk's journal, recovered from its files the first time it is asked for. */
    public DiskJournal disk(String diskId) throws IOException {
        try {
            return disks.computeIfAbsent(diskId, id -> {
                try {
                    return DiskJournal.recover(id, root.resolve(JOURNAL).resolve(id), root.resolve(SEALED));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Seals every open segment that is big or old enough; called by the adapter's sealer. A disk whose
     * journal fails is out of service (and logged) and the others are sealed all the same.
     */
    public void sealDue(long maxSegmentBytes, Duration maxAge) {
        for (DiskJournal disk : disks.values()) {
            try {
                disk.sealIfDue(maxSegmentBytes, maxAge);
            } catch (IOException e) {
                // logged by the disk's journal when it failed
            }
        }
    }

    /** The disks whose journal is out of service after a failed write, fsync or seal. */
    public List<String> failedDisks() {
        return disks.values().stream().filter(d -> d.state() == DiskJournal.State.FAILED)
                .map(DiskJournal::diskId).sorted().toList();
    }

    /**
     * Re-measures what the cache holds (uploads shrink it behind the journal's back) by walking its
     * folders; the free space on the file system is read afresh at each {@link #nearlyFull()} instead.
     */
    public void measure() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    total += Files.size(file);
                } catch (IOException e) {
                    // deleted by the upload worker while we looked
                }
            }
        }
        usedBytes.set(total);
    }

    public long usedBytes() {
        return usedBytes.get();
    }

    /** Counts appended bytes until the next {@link #measure()}. */
    public void grew(long bytes) {
        usedBytes.addAndGet(bytes);
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /**
     * The space the file system has left for the cache now, whoever else fills it (Azurite, logs);
     * 0 if it cannot say, which stops the agents rather than risk a full disk.
     */
    public long freeBytes() {
        try {
            return store.getUsableSpace(); // one statvfs, cheap enough to ask before every batch
        } catch (IOException e) {
            LOG.warning(() -> "Cannot read the free space of the cache's file system at " + root + ": " + e);
            return 0;
        }
    }

    /**
     * Above 90 % of its capacity, or too little room left on the file system for the floor plus the
     * batches in flight: stop taking data.
     */
    public boolean nearlyFull() {
        long inFlight = disks.values().stream().filter(DiskJournal::appending).count() * MAX_BATCH_BYTES;
        return usedBytes.get() >= capacityBytes / 10 * 9 || freeBytes() - inFlight < minimumFreeBytes;
    }

    public void close() throws IOException {
        for (DiskJournal disk : disks.values()) {
            disk.close();
        }
        disks.clear();
    }
}
