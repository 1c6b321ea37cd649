package org.lifeboat.agent.replication;

import java.nio.file.Path;

import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.tracking.Tracker;

/**
 * One replicated disk as {@code status} and the heartbeat report it.
 *
 * @param initial        the first full pass is not acknowledged yet (phase INITIAL, else DELTA)
 * @param initialPercent how far the initial replication got, 0-100
 * @param pendingBytes   data sent or queued but not acknowledged
 * @param connected      the disk's stream is live on the replication connection
 * @param problem        why the disk is not replicating, or null
 * @param tracker        how its changes are found
 * @param trackerNote    why it is scanned rather than traced, or the last gap the trace had; may be null
 * @param notDurableBytes bytes acknowledged by the process server's journal but not yet durable in Azure:
 *                       what the agent keeps the means to send again
 * @param resendOnRestartBytes bytes of the blocks a restart's full compare would send whole again, as of the last
 *                       checkpoint: their acknowledged hash is unknown (blocks the trace tracker sent in part,
 *                       until the hash refresh learns them in quiet time)
 */
public record DiskReport(DiskId diskId, Path path, boolean initial, int initialPercent, long pendingBytes,
                         long lastAckedSequence, boolean connected, String problem, Tracker tracker,
                         String trackerNote, long notDurableBytes, long resendOnRestartBytes) {

    /** A disk with nothing acknowledged that is not durable in Azure. */
    public DiskReport(DiskId diskId, Path path, boolean initial, int initialPercent, long pendingBytes,
                      long lastAckedSequence, boolean connected, String problem, Tracker tracker, String trackerNote) {
        this(diskId, path, initial, initialPercent, pendingBytes, lastAckedSequence, connected, problem, tracker,
                trackerNote, 0, 0);
    }
}
