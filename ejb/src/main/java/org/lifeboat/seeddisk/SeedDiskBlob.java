package org.lifeboat.seeddisk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import com.azure.core.http.HttpRange;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.PageRangeItem;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.options.BlobInputStreamOptions;
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
 * of its own; callers apply one disk's records from one thread, in order.
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

    public SeedDiskBlob(PageBlobClient blob, SeedDiskLayout layout) {
        this.blob = Objects.requireNonNull(blob, "blob");
        this.pages = new SpecializedBlobClientBuilder().blobClient(blob).buildPageBlobAsyncClient();
        this.layout = Objects.requireNonNull(layout, "layout");
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
                blob.clearPages(range);
            } else {
                // a fresh view per subscription: a retry must send the bytes from the start again
                pages.uploadPages(range, Flux.defer(() -> Flux.just(ByteBuffer.wrap(data, write.dataIndex(),
                        write.length())))).block();
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
