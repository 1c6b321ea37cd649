package org.lifeboat.processserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.lifeboat.connector.ReplicationSettings;
import org.lifeboat.connector.journal.SealedSegment;

/**
 * Sealed segments kept on local disk after their upload, so that the log applier running beside this
 * process server reads them instead of downloading them back from the {@code cache} container (one
 * Azure Storage round trip per byte less). The cache journal counts them against its capacity, so they
 * are bounded to a quarter of it; past that a segment is deleted after upload and applied from Azure.
 */
@ApplicationScoped
public class LocalSegmentCopies {

    static final String FOLDER = "uploaded";

    private Path folder;
    private long limitBytes;
    private final AtomicLong heldBytes = new AtomicLong();

    @PostConstruct
    void open() {
        ReplicationSettings settings = ReplicationSettings.fromConfig();
        folder = settings.cacheDirectory().resolve(FOLDER);
        limitBytes = settings.cacheCapacityBytes() / 4;
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(folder)) {
                heldBytes.set(files.mapToLong(LocalSegmentCopies::sizeOf).sum());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + folder, e);
        }
    }

    /** Keeps an uploaded segment's file for the applier if there is room, else deletes it. */
    public void keep(SealedSegment segment, String blobName) throws IOException {
        long size = Files.size(segment.file());
        if (heldBytes.addAndGet(size) <= limitBytes) {
            Files.move(segment.file(), path(blobName), StandardCopyOption.ATOMIC_MOVE);
        } else {
            heldBytes.addAndGet(-size);
            Files.delete(segment.file());
        }
    }

    /** The segment's frames, if its local copy is still here. */
    public Optional<byte[]> frames(String blobName) {
        try {
            return Optional.of(Files.readAllBytes(path(blobName)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local copy of " + blobName, e);
        }
    }

    public void discard(String blobName) {
        Path file = path(blobName);
        long size = sizeOf(file);
        try {
            if (Files.deleteIfExists(file)) {
                heldBytes.addAndGet(-size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local copy of " + blobName, e);
        }
    }

    /** Drops copies of segments no longer catalogued (applied, or their disk disabled, before a crash). */
    public void discardAllBut(Set<String> catalogued) throws IOException {
        Set<String> keep = catalogued.stream().map(LocalSegmentCopies::fileName).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> !keep.contains(f.getFileName().toString())).toList()) {
                long size = sizeOf(file);
                if (Files.deleteIfExists(file)) {
                    heldBytes.addAndGet(-size);
                }
            }
        }
    }

    private Path path(String blobName) {
        return folder.resolve(fileName(blobName));
    }

    /** Blob names hold the disk id as a folder; locally the copies share one folder. */
    private static String fileName(String blobName) {
        return blobName.replace('/', '_');
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
