package org.lifeboat.processserver;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import org.lifeboat.cache.SegmentCodec;
import org.lifeboat.cache.SegmentSpan;
import org.lifeboat.connector.journal.SealedSegment;
import org.lifeboat.protocol.ChangeRecord;
import org.lifeboat.protocol.Frame;
import org.lifeboat.protocol.FrameReader;
import org.lifeboat.storage.StorageAccount;

/**
 * Log segments in the {@code cache} container: sealed journal files go up compressed and encrypted
 * with the vault key, and come back as the change records they hold: read from the local copy while
 * this process server still has one, downloaded otherwise.
 */
@ApplicationScoped
public class CacheSegmentStore {

    @Inject
    private StorageAccount storage;

    @Inject
    private VaultKey vaultKey;

    @Inject
    private LocalSegmentCopies localCopies;

    @EJB
    private ApplierRoute route;

    /**
     * What an upload put into the container, and its time: reading and packing the segment, and the Put Blob (or
     * staged blocks) into the container.
     */
    public record Uploaded(String blobName, Instant maxSourceTime, long bytes, long packMillis, long putMillis) {
    }

    public Uploaded upload(SealedSegment segment) throws IOException {
        long start = System.nanoTime();
        byte[] frames = Files.readAllBytes(segment.file());
        long maxSourceTime = newestSourceTime(frames);
        byte[] blob = codec().pack(new SegmentSpan(segment.diskId(), segment.firstSequence(), segment.lastSequence(),
                maxSourceTime), frames);
        String name = CacheSegment.blobName(segment.diskId(), segment.firstSequence(), segment.lastSequence());
        long packed = System.nanoTime();
        container().getBlobClient(name).upload(BinaryData.fromBytes(blob), true);
        long put = System.nanoTime();
        return new Uploaded(name, maxSourceTime == 0 ? null : Instant.ofEpochMilli(maxSourceTime), blob.length,
                (packed - start) / 1_000_000, (put - packed) / 1_000_000);
    }

    /**
     * Keeps the uploaded segment's local file for {@link #records} if there is room, else deletes it; deletes it when
     * an applier near Azure applies this server's items (it reads the blob, and nobody here would delete the copy).
     */
    public void uploaded(SealedSegment segment, Uploaded uploaded) throws IOException {
        if (route.applierOfThisServer().isPresent()) {
            Files.deleteIfExists(segment.file());
        } else {
            localCopies.keep(segment, uploaded.blobName());
        }
    }

    /**
     * Hands each record of a segment still waiting in the journal's {@code sealed/} folder to
     * {@code action}, in order, read from the file as it goes (never the whole segment in memory).
     */
    public void forEachRecord(SealedSegment segment, Consumer<ChangeRecord> action) {
        try (InputStream frames = new BufferedInputStream(Files.newInputStream(segment.file()), 64 * 1024)) {
            forEachRecord(frames, action);
        } catch (IOException e) {
            throw new UncheckedIOException("sealed segment " + segment.file() + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** As above, for an uploaded segment: from its local copy while there is one, else downloaded. */
    public void forEachRecord(CacheSegment segment, Consumer<ChangeRecord> action) {
        try {
            Optional<byte[]> local = localCopies.frames(segment.getBlobName());
            byte[] frames = local.isPresent() ? local.get() : codec().unpack(
                    container().getBlobClient(segment.getBlobName()).downloadContent().toBytes()).frames();
            forEachRecord(new ByteArrayInputStream(frames), action);
        } catch (IOException e) {
            throw new UncheckedIOException("segment " + segment.getBlobName() + " is unreadable: " + e.getMessage(), e);
        }
    }

    public void delete(String blobName) {
        container().getBlobClient(blobName).deleteIfExists();
        localCopies.discard(blobName);
    }

    /** After a crash: drops local copies whose segments are no longer catalogued. */
    public void discardLocalCopiesBut(Set<String> catalogued) throws IOException {
        localCopies.discardAllBut(catalogued);
    }

    private SegmentCodec codec() {
        return new SegmentCodec(vaultKey.key());
    }

    private BlobContainerClient container() {
        return storage.client().getBlobContainerClient(StorageAccount.CACHE_CONTAINER);
    }

    /** Record by record, so that a segment's data is not held twice while it is packed. */
    private static long newestSourceTime(byte[] frames) throws IOException {
        long[] newest = {0};
        forEachRecord(new ByteArrayInputStream(frames),
                record -> newest[0] = Math.max(newest[0], record.sourceTimeMillis()));
        return newest[0];
    }

    private static void forEachRecord(InputStream frames, Consumer<ChangeRecord> action) throws IOException {
        FrameReader reader = new FrameReader(frames);
        for (Optional<Frame> frame = reader.read(); frame.isPresent(); frame = reader.read()) {
            action.accept(ChangeRecord.from(frame.get()));
        }
    }
}
