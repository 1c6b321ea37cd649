package org.lifeboat.connector.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    private final Path root;
    private final long capacityBytes;
    private final long minimumFreeBytes;
    private final Map<String, DiskJournal> disks = new ConcurrentHashMap<>();
    private final AtomicLong usedBytes = new AtomicLong();
    private volatile long freeBytes = Long.MAX_VALUE;

    private CacheJournal(Path root, long capacityBytes, long minimumFreeBytes) {
        this.root = root;
        this.capacityBytes = capacityBytes;
        this.minimumFreeBytes = minimumFreeBytes;
    }

    public static CacheJournal open(Path root, long capacityBytes, long minimumFreeBytes) throws IOException {
        Files.createDirectories(root.resolve(JOURNAL));
        Files.createDirectories(root.resolve(SEALED));
        CacheJournal journal = new CacheJournal(root, capacityBytes, minimumFreeBytes);
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

    /** Seals every open segment that is big or old enough; called by the adapter's sealer. */
    public void sealDue(long maxSegmentBytes, Duration maxAge) throws IOException {
        for (DiskJournal disk : disks.values()) {
            disk.sealIfDue(maxSegmentBytes, maxAge);
        }
    }

    /** Re-measures what the cache holds; uploads shrink it behind the journal's back. */
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
        FileStore store = Files.getFileStore(root);
        freeBytes = store.getUsableSpace();
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

    public long freeBytes() {
        return freeBytes;
    }

    /** Above 90 % of its capacity, or too little room left on the file system: stop taking data. */
    public boolean nearlyFull() {
        return usedBytes.get() >= capacityBytes / 10 * 9 || freeBytes < minimumFreeBytes;
    }

    public void close() throws IOException {
        for (DiskJournal disk : disks.values()) {
            disk.close();
        }
        disks.clear();
    }
}
