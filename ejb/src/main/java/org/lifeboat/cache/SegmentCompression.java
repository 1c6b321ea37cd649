package org.lifeboat.cache;

import java.util.Arrays;
import java.util.Optional;
import com.github.luben.zstd.Zstd;

/**
 * How a segment's frames are stored in its blob. Zstandard level 1 was measured against LZ4 and a plain
 * copy (docs/BENCHMARKS.md, "Segment codec"): its better ratio saves more upload and download work
 * than it costs in compression. Data it cannot shrink by 5 % is stored as it is.
 */
public enum SegmentCompression {

    STORED(0),
    ZSTD(1);

    private static final int ZSTD_LEVEL = 1;

    private final int id;

    SegmentCompression(int id) {
        this.id = id;
    }

    /** The byte that names this compression in a segment header. */
    public int id() {
        return id;
    }

    static Optional<SegmentCompression> fromId(int id) {
        return Arrays.stream(values()).filter(compression -> compression.id == id).findFirst();
    }

    byte[] compress(byte[] data) {
        return this == STORED ? data : Zstd.compress(data, ZSTD_LEVEL);
    }

    /**
     * @throws IllegalStateException if the stored bytes do not expand to exactly {@code length} bytes
     */
    byte[] decompress(byte[] stored, int length) {
        if (this == STORED) {
            return stored;
        }
        byte[] data = new byte[length];
        long written = Zstd.decompressByteArray(data, 0, length, stored, 0, stored.length);
        if (Zstd.isError(written) || written != length) {
            throw new IllegalStateException("Zstandard data expands to " + (Zstd.isError(written)
                    ? "an error (" + Zstd.getErrorName(written) + ")" : written + " bytes") + ", not " + length);
        }
        return data;
    }
}
