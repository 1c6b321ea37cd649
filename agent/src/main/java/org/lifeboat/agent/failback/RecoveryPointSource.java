package org.lifeboat.agent.failback;

import java.io.InputStream;

import org.lifeboat.agent.api.ServerApiException;

/** One disk of a recovery point as the server holds it: its block checksums and its bytes, by range. */
public interface RecoveryPointSource {

    /** The point's checksums of the disk, streamed; close them when done. */
    PointChecksums checksums() throws ServerApiException;

    /** Bytes {@code offset} to {@code offset + length - 1} of the disk at the point; close the stream when done. */
    InputStream read(long offset, int length) throws ServerApiException;
}
