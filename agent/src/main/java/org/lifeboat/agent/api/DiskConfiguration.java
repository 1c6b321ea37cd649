package org.lifeboat.agent.api;

import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.lifeboat.agent.disk.DiskId;

/**
 * One disk of this agent as the server knows it.
 *
 * @param isProtected whether replication is enabled for it
 * @param seeded      whether its seed disk started as a copy of this disk's content (failback: a copy of the
 *                    failover disk the machine runs on): a new replication then begins with the seed's checksums
 *                    as what the server holds, and sends only the blocks that differ, not the whole disk
 */
public record DiskConfiguration(DiskId diskId, Path path, long sizeBytes, boolean isProtected, boolean seeded) {

    public DiskConfiguration(DiskId diskId, Path path, long sizeBytes, boolean isProtected) {
        this(diskId, path, sizeBytes, isProtected, false);
    }

    static DiskConfiguration fromJson(JsonObject json) {
        return new DiskConfiguration(
                DiskId.of(JsonFields.string(json, "diskId")),
                Path.of(JsonFields.string(json, "path")),
                JsonFields.number(json, "sizeBytes"),
                json.containsKey("protected") && JsonFields.bool(json, "protected"),
                json.containsKey("seeded") && JsonFields.bool(json, "seeded"));
    }

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("diskId", diskId.value())
                .add("path", path.toString())
                .add("sizeBytes", sizeBytes)
                .add("protected", isProtected)
                .add("seeded", seeded)
                .build();
    }
}
