package org.lifeboat.seeddisk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import com.azure.core.http.HttpRange;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PageBlobRequestConditions;
import com.azure.storage.blob.models.PageRangeItem;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.options.BlobBreakLeaseOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.blob.specialized.BlobClientBase;
import com.azure.storage.blob.specialized.PageBlobAsyncClient;
import com.azure.storage.blob.specialized.PageBlobClient;
import com.azure.storage.blob.specialized.SpecializedBlobClientBuilder;
import reactor.core.publisher.Flux;

/**
 * One protected disk's seed: a page blob in the {@code seeds} container holding the disk's image,
 * padded to a whole MiB, and a fixed-VHD footer behind it (see {@link SeedDiskLayout}). Change records
 * are applied to it in sequence order; its snapshots are the recovery points.
 * <p>
 * Azure Storage errors surface as the SDK's {@code BlobStorageException}. The object holds no state
 * of its own but the lease its writes carry, if any; callers apply one disk's records from one thread, in order.
 * <p>
 * <b>The lease, a second fence.</b> The applier that owns a disk takes an infinite lease on its seed blob
 * ({@link #takeLease()}: break whatever lease is there, then acquire) and writes through {@link #withLease}: from
 * then on, a write of anyone else, an earlier owner's in flight included, is refused by Azure Storage with 412
 * ({@link #leaseLost}). Snapshots and reads need no lease; deleting the blob breaks it first ({@link #breakLease}).
 */
public final class SeedDiskBlob {

    /** An image stream fetches this much per request: few requests, bounded memory per open stream. */
    private static final int READ_BLOCK_BYTES = 4 * 1024 * 1024;

    private final PageBlobClient blob;
    /**
     * The same blob for Put Page: the asynchronous client takes the caller's bytes as they are, where
     * the synchronous one copies an InputStream into buffers of its own (measured: the SDK's
     * biggest cost on the apply path).
     */
    private final PageBlobAsyncClient pages;
    private final SeedDiskLayout layout;
    /** Put Page and Clear Page carry it when set: Azure Storage refuses them (412) once another took the lease. */
    private final PageBlobRequestConditions conditions;

    /** What a refused write of a leased blob answers: the lease is someone else's, or there is none any more. */
    private static final Set<BlobErrorCode> LEASE_LOST = Set.of(BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION,
            BlobErrorCode.LEASE_LOST, BlobErrorCode.LEASE_ID_MISSING, BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION);

    public SeedDiskBlob(PageBlobClient blob, SeedDiskLayout layout) {
        this(blob, new SpecializedBlobClientBuilder().blobClient(blob).buildPageBlobAsyncClient(), layout, null);
    }

    private SeedDiskBlob(PageBlobClient blob, PageBlobAsyncClient pages, SeedDiskLayout layout, String leaseId) {
        this.blob = Objects.requireNonNull(blob, "blob");
        this.pages = pages;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.conditions = leaseId == null ? null : new PageBlobRequestConditions().setLeaseId(leaseId);
    }

    /** The same blob, every write carrying this lease. */
    public SeedDiskBlob withLease(String leaseId) {
        return new SeedDiskBlob(blob, pages, layout, Objects.requireNonNull(leaseId, "leaseId"));
    }

    /**
     * Takes the blob for its writer: breaks any lease on it at once (an earlier owner's, alive or not), and
     * acquires an infinite one. Infinite, not 60 s and renewed: a renewal needs a timer of its own that runs
     * while a long apply blocks the disk's lane (Payara Micro has no EJB timer without the data grid), and a
     * lease that ran out would let a stale owner write again; ownership is decided in the database, and a new
     * owner breaks whatever lease it finds.
     *
     * @return the lease id, for {@link #withLease}
     */
    public String takeLease() {
        String leaseId = UUID.randomUUID().toString();
        var lease = new BlobLeaseClientBuilder().blobClient(blob).leaseId(leaseId).buildClient();
        try {
            return lease.acquireLease(-1);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 409) {
                throw e;
            }
            breakLease();
            return lease.acquireLease(-1);
        }
    }

    /** Breaks the blob's lease at once, if it has one: before it is deleted, or taken by a new owner. */
    public void breakLease() {
        breakLease(blob);
    }

    /** As {@link #breakLease()}, for a seed blob of unknown size (about to be deleted). */
    public static void breakLease(BlobClientBase blob) {
        try {
            new BlobLeaseClientBuilder().blobClient(blob).buildClient()
                    .breakLeaseWithResponse(new BlobBreakLeaseOptions().setBreakPeriod(Duration.ZERO), null, Context.NONE);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.LEASE_NOT_PRESENT_WITH_LEASE_OPERATION.equals(e.getErrorCode())
                    && e.getStatusCode() != 404) {
                throw e;
            }
        }
    }

    /** Whether a write was refused because its lease is not the blob's (any more): another writer took it. */
    public static boolean leaseLost(Throwable failure) {
        return failure instanceof BlobStorageException e && e.getStatusCode() == 412 && LEASE_LOST.contains(e.getErrorCode());
    }

    public SeedDiskLayout layout() {
        return layout;
    }

    /**
     * Creates the page blob, all zeros, and writes its VHD footer.
     *
     * @return the footer written
     * @throws com.azure.storage.blob.models.BlobStorageException with status 409 if the blob already
     *                                                            exists: a seed disk is never overwritten
     */
    public VhdFooter create() {
        blob.create(layout.pageBlobSize(), false);
        VhdFooter footer = VhdFooter.create(layout.virtualSize());
        byte[] bytes = footer.toBytes();
        blob.uploadPages(pageRange(layout.footerOffset(), bytes.length), new ByteArrayInputStream(bytes));
        return footer;
    }

    /**
     * Puts new content at a disk offset: all-zero sectors are cleared, the rest uploaded
     * (see {@code PageWritePlan} for how mixed runs are split).
     *
     * @throws IllegalArgumentException if offset or length is not a multiple of 512, or the run
     *                                  reaches past the disk into the padding or the footer
     */
    public void write(long offset, byte[] data) {
        requireWithinDisk(offset, data.length, "write");
        if (data.length % SeedDiskLayout.SECTOR != 0 || offset % SeedDiskLayout.SECTOR != 0) {
            throw new IllegalArgumentException("write of " + data.length + " bytes at offset " + offset
                    + " is not aligned to " + SeedDiskLayout.SECTOR + "-byte sectors");
        }
        for (PageWrite write : PageWritePlan.of(offset, data)) {
            PageRange range = pageRange(write.blobOffset(), write.length());
            if (write.clear()) {
                blob.clearPagesWithResponse(range, conditions, null, Context.NONE);
            } else {
                // a fresh view per subscription: a retry must send the bytes from the start again
                pages.uploadPagesWithResponse(range, Flux.defer(() -> Flux.just(ByteBuffer.wrap(data, write.dataIndex(),
                        write.length()))), null, conditions).block();
            }
        }
    }

    /** Freezes the blob as it is now, footer included. */
    public String snapshot() {
        return blob.createSnapshot().getSnapshotId();
    }

    /** Part of the raw disk image as the blob holds it now (never the padding or the footer). */
    public InputStream openImage(long offset, long length) {
        return openImage(blob, offset, length);
    }

    /** Part of the raw disk image as it was at a snapshot (never the padding or the footer). */
    public InputStream openImage(String snapshotId, long offset, long length) {
        return openImage(snapshotClient(snapshotId), offset, length);
    }

    /**
     * Part of the raw disk image as it was at a snapshot, written to {@code out} with one storage request: a
     * snapshot never changes, so none of {@link #openImage}'s consistency lookups, which would double the requests
     * for the many small ranges a master target asks for.
     */
    public void copyImage(String snapshotId, long offset, long length, OutputStream out) {
        requireWithinDisk(offset, length, "read");
        snapshotClient(snapshotId).downloadStreamWithResponse(out, new BlobRange(offset, length), null, null, false,
                null, Context.NONE);
    }

    /**
     * The stretches of the disk image that hold pages at a snapshot, clipped to the disk: the rest reads
     * as zeros, so a sparse copy reads only these (page blobs are sparse; zero regions are never written).
     */
    public List<HttpRange> imageRanges(String snapshotId) {
        if (snapshotId == null || snapshotId.isBlank()) {
            throw new IllegalArgumentException("a snapshot id is needed");
        }
        List<HttpRange> ranges = new ArrayList<>();
        PageBlobClient snapshot = new SpecializedBlobClientBuilder().blobClient(blob.getSnapshotClient(snapshotId))
                .buildPageBlobClient();
        for (PageRangeItem item : snapshot.listPageRanges(new BlobRange(0, layout.diskSize()))) {
            long first = item.getRange().getOffset();
            long length = Math.min(item.getRange().getLength(), layout.diskSize() - first);
            if (!item.isClear() && length > 0) {
                ranges.add(new HttpRange(first, length));
            }
        }
        return ranges;
    }

    /**
     * The footer as the blob holds it now.
     *
     * @throws InvalidVhdFooterException if the blob's last 512 bytes are not a valid fixed-VHD footer
     */
    public VhdFooter footer() {
        return readFooter(blob);
    }

    /** The footer as it was at a snapshot. */
    public VhdFooter footer(String snapshotId) {
        return readFooter(snapshotClient(snapshotId));
    }

    private InputStream openImage(BlobClientBase source, long offset, long length) {
        requireWithinDisk(offset, length, "read");
        return source.openInputStream(new BlobInputStreamOptions()
                .setRange(new BlobRange(offset, length))
                .setBlockSize(READ_BLOCK_BYTES));
    }

    private VhdFooter readFooter(BlobClientBase source) {
        try (InputStream footer = source.openInputStream(new BlobInputStreamOptions()
                .setRange(new BlobRange(layout.footerOffset(), (long) VhdFooter.BYTES)))) {
            return VhdFooter.parse(footer.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the VHD footer of " + blob.getBlobName(), e);
        }
    }

    private BlobClientBase snapshotClient(String snapshotId) {
        if (snapshotId == null || snapshotId.isBlank()) {
            throw new IllegalArgumentException("a snapshot id is needed");
        }
        return blob.getSnapshotClient(snapshotId);
    }

    private void requireWithinDisk(long offset, long length, String operation) {
        if (offset < 0 || length <= 0 || length > layout.diskSize() - offset) {
            throw new IllegalArgumentException(operation + " of " + length + " bytes at offset " + offset
                    + " does not lie within the disk's " + layout.diskSize() + " bytes (the padding and the "
                    + "VHD footer behind it are not part of the disk)");
        }
    }

    private static PageRange pageRange(long offset, long length) {
        return new PageRange().setStart(offset).setEnd(offset + length - 1);
    }
}
