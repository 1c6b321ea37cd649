package org.lifeboat.agent.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * The server's checksums of a seed disk: one XXHash64 per block of {@code blockSize}, 8 bytes
 * big-endian each, in block order. Close it when done.
 */
public record SeedChecksums(int blockSize, InputStream stream) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
