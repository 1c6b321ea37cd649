package org.lifeboat.resync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.lifeboat.protecteditem.ProtectedDisk;
import org.lifeboat.protecteditem.SeedBlobStore;

/**
 * Checksums of a seed disk as it is now, for the agent to compare its disk with. Records not applied
 * yet make their blocks differ, and the agent sends those again: resending a block's current content
 * is always safe, and an idle disk's seed is up to date within seconds.
 */
@ApplicationScoped
public class SeedChecksums {

    @Inject
    private SeedBlobStore seeds;

    /** Streams the disk's block checksums (8 bytes each, big-endian); memory stays at one block. */
    public void write(ProtectedDisk disk, OutputStream out) throws IOException {
        try (InputStream image = seeds.blob(disk.getSeedBlobName(), disk.getSizeBytes())
                .openImage(0, disk.getSizeBytes())) {
            BlockChecksums.write(image, disk.getSizeBytes(), out);
        }
    }

    /**
     * The checksums of the disk as a recovery point holds it (its snapshot of the seed): what a master target
     * compares the on-premises disk with, to download only the blocks that differ from the point.
     */
    public void write(ProtectedDisk disk, String snapshot, OutputStream out) throws IOException {
        try (InputStream image = seeds.openImage(disk.getSeedBlobName(), disk.getSizeBytes(), snapshot, 0,
                disk.getSizeBytes())) {
            BlockChecksums.write(image, disk.getSizeBytes(), out);
        }
    }
}
