package org.lifeboat.agent.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.lifeboat.agent.disk.DiskId;

/**
 * One disk's replication state in a heartbeat.
 *
 * @param initial           true until the first full pass is acknowledged (phase INITIAL), then DELTA
 * @param initialPercent    progress of the initial replication, 0-100
 * @param pendingBytes      data sent or queued but not yet acknowledged
 * @param lastAckedSequence the server's latest cumulative ACK
 * @param connected         the disk's stream is live on the replication port
 */
public record DiskHeartbeat(DiskId diskId, boolean initial, int initialPercent, long pendingBytes,
                            long lastAckedSequence, boolean connected) {

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("diskId", diskId.value())
                .add("phase", initial ? "INITIAL" : "DELTA")
                .add("initialPercent", initialPercent)
                .add("pendingBytes", pendingBytes)
                .add("lastAckedSequence", lastAckedSequence)
                .add("connected", connected)
                .build();
    }
}
