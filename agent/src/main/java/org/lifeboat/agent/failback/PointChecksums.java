package org.lifeboat.agent.failback;

import java.io.IOException;
import java.io.InputStream;

/**
 * A disk's checksums at a recovery point: one XXHash64 per block of {@code blockSize} (the scan tracker's
 * block and hash), 8 bytes big-endian each, in block order, of a disk of {@code diskSizeBytes}.
 */
public record PointChecksums(int blockSize, long diskSizeBytes, InputStream stream) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
