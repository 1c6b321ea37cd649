package org.lifeboat.agent.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.replication.ConnectionState;
import org.lifeboat.agent.replication.DiskReport;
import org.lifeboat.agent.tracking.Tracker;

/**
 * What the running agent reports about itself: over the control socket, and in
 * {@code status.json} for when it is not running.
 */
public record AgentStatus(String agentId, Instant updated, ConnectionState connection, List<DiskReport> disks) {

    public AgentStatus {
        disks = List.copyOf(disks);
    }

    public JsonObject toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        for (DiskReport disk : disks) {
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("diskId", disk.diskId().value())
                    .add("path", disk.path().toString())
                    .add("phase", disk.initial() ? "INITIAL" : "DELTA")
                    .add("initialPercent", disk.initialPercent())
                    .add("pendingBytes", disk.pendingBytes())
                    .add("notDurableBytes", disk.notDurableBytes())
                    .add("resendOnRestartBytes", disk.resendOnRestartBytes())
                    .add("lastAckedSequence", disk.lastAckedSequence())
                    .add("connected", disk.connected())
                    .add("tracker", disk.tracker().label());
            if (disk.trackerNote() != null) {
                entry.add("trackerNote", disk.trackerNote());
            }
            if (disk.problem() != null) {
                entry.add("problem", disk.problem());
            }
            diskArray.add(entry);
        }
        return Json.createObjectBuilder()
                .add("agentId", agentId)
                .add("updated", updated.toString())
                .add("connection", Json.createObjectBuilder()
                        .add("state", connection.phase().name())
                        .add("server", connection.server())
                        .add("detail", connection.detail())
                        .add("since", connection.since().toString()))
                .add("disks", diskArray)
                .build();
    }

    /**
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static AgentStatus fromJson(JsonObject json) {
        JsonObject connection = JsonFields.object(json, "connection");
        return new AgentStatus(
                JsonFields.string(json, "agentId"),
                Instant.parse(JsonFields.string(json, "updated")),
                new ConnectionState(ConnectionState.Phase.valueOf(JsonFields.string(connection, "state")),
                        JsonFields.string(connection, "server"), JsonFields.string(connection, "detail"),
                        Instant.parse(JsonFields.string(connection, "since"))),
                JsonFields.array(json, "disks").stream().map(AgentStatus::diskFrom).toList());
    }

    private static DiskReport diskFrom(JsonValue value) {
        if (!(value instanceof JsonObject disk)) {
            throw new IllegalArgumentException("an entry of 'disks' is not an object");
        }
        return new DiskReport(DiskId.of(JsonFields.string(disk, "diskId")), Path.of(JsonFields.string(disk, "path")),
                "INITIAL".equals(JsonFields.string(disk, "phase")), (int) JsonFields.number(disk, "initialPercent"),
                JsonFields.number(disk, "pendingBytes"), JsonFields.number(disk, "lastAckedSequence"),
                JsonFields.bool(disk, "connected"),
                disk.get("problem") instanceof JsonString problem ? problem.getString() : null,
                disk.get("tracker") instanceof JsonString tracker
                        ? Tracker.valueOf(tracker.getString().toUpperCase(java.util.Locale.ROOT)) : Tracker.SCAN,
                disk.get("trackerNote") instanceof JsonString note ? note.getString() : null,
                disk.get("notDurableBytes") instanceof jakarta.json.JsonNumber notDurable ? notDurable.longValue() : 0,
                disk.get("resendOnRestartBytes") instanceof jakarta.json.JsonNumber resend ? resend.longValue() : 0);
    }
}
