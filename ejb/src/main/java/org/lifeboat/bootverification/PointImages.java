package org.lifeboat.bootverification;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.azure.core.http.HttpRange;
import org.lifeboat.protecteditem.SeedBlobStore;
import org.lifeboat.seeddisk.SeedDiskBlob;

/**
 * Local raw copies of a recovery point's disk images, sparse: only the pages the snapshot holds are
 * downloaded and written; the rest of the file stays a hole that reads as zeros, as on the disk.
 */
@ApplicationScoped
public class PointImages {

    private static final int BUFFER_BYTES = 1 << 20;

    @Inject
    private SeedBlobStore seeds;

    /** Copies one disk's image at a snapshot into {@code target}; returns the bytes downloaded. */
    public long download(String seedBlobName, long sizeBytes, String snapshot, Path target) throws IOException {
        SeedDiskBlob blob = seeds.blob(seedBlobName, sizeBytes);
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            file.setLength(sizeBytes);
        }
        long downloaded = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            for (HttpRange range : blob.imageRanges(snapshot)) {
                long position = range.getOffset();
                try (InputStream in = blob.openImage(snapshot, range.getOffset(), range.getLength())) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                        while (bytes.hasRemaining()) {
                            position += channel.write(bytes, position);
                        }
                    }
                }
                downloaded += range.getLength();
            }
            channel.force(false);
        }
        return downloaded;
    }
}
