package org.lifeboat.agent.failback;

import java.io.InputStream;
import java.util.List;

import org.lifeboat.agent.api.ServerApiException;

/** One disk of a recovery point as the server holds it: its block checksums and its bytes, by ranges. */
public interface RecoveryPointSource {

    /** The point's checksums of the disk, streamed; close them when done. */
    PointChecksums checksums() throws ServerApiException;

    /**
     * The bytes of these ranges of the disk at the point (ascending, not overlapping, on the block grid; the
     * server takes at most 1024 ranges and 256 MiB in all), one after the other with nothing between them, in one request; close the stream when done.
     */
    InputStream read(List<ImageRange> ranges) throws ServerApiException;
}
