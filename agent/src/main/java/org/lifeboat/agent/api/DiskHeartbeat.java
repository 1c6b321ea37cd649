package org.lifeboat.agent.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.lifeboat.agent.disk.DiskId;

/**
 * One disk's replication state in a heartbeat.
 *
 * @param initial           true until the first full pass is acknowledged (phase INITIAL), then DELTA
 * @param initialPercent    progress of the initial replication, 0-100
 * @param pendingBytes      data sent or queued but not yet acknowledged
 * @param lastAckedSequence the server's latest cumulative ACK
 * @param connected         the disk's stream is live on the replication port
 * @param resync            the last resync comparison finished since the agent started, or null
 * @param tracker           how the disk's changes are found ({@code trace} or {@code scan}), or null
 * @param trackerNote       why it is scanned rather than traced, or the trace's last gap; may be null
 */
public record DiskHeartbeat(DiskId diskId, boolean initial, int initialPercent, long pendingBytes,
                            long lastAckedSequence, boolean connected, ResyncOutcome resync, String tracker,
                            String trackerNote) {

    public DiskHeartbeat(DiskId diskId, boolean initial, int initialPercent, long pendingBytes, long lastAckedSequence,
                         boolean connected) {
        this(diskId, initial, initialPercent, pendingBytes, lastAckedSequence, connected, null, null, null);
    }

    JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("diskId", diskId.value())
                .add("phase", initial ? "INITIAL" : "DELTA")
                .add("initialPercent", initialPercent)
                .add("pendingBytes", pendingBytes)
                .add("lastAckedSequence", lastAckedSequence)
                .add("connected", connected);
        if (resync != null) {
            json.add("resyncGeneration", resync.generation())
                    .add("resyncComparedBlocks", resync.comparedBlocks())
                    .add("resyncDifferingBlocks", resync.differingBlocks());
        }
        if (tracker != null) {
            json.add("tracker", tracker);
        }
        if (trackerNote != null) {
            json.add("trackerNote", trackerNote);
        }
        return json.build();
    }
}
