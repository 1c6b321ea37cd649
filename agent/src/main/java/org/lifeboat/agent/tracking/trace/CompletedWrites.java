package org.lifeboat.agent.tracking.trace;

/** Where a {@link TraceSession} hands the writes the disk completed, one call per completion, from its reader thread. */
@FunctionalInterface
public interface CompletedWrites {

    /**
     * @param sector  first sector written (512 bytes), of the traced device (a partition's own numbering)
     * @param sectors sectors written, more than 0
     */
    void written(long sector, long sectors);
}
