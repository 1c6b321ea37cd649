package org.lifeboat.agent.replication;

import java.nio.file.Path;

import org.lifeboat.agent.disk.DiskId;

/**
 * One replicated disk as {@code status} and the heartbeat report it.
 *
 * @param initial        the first full pass is not acknowledged yet (phase INITIAL, else DELTA)
 * @param initialPercent how far the initial replication got, 0-100
 * @param pendingBytes   data sent or queued but not acknowledged
 * @param connected      the disk's stream is live on the replication connection
 * @param problem        why the disk is not replicating, or null
 */
public record DiskReport(DiskId diskId, Path path, boolean initial, int initialPercent, long pendingBytes,
                         long lastAckedSequence, boolean connected, String problem) {
}
