package org.lifeboat.agent.api;

import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.lifeboat.agent.disk.DiskId;

/**
 * One disk of this agent as the server knows it.
 *
 * @param isProtected whether replication is enabled for it
 */
public record DiskConfiguration(DiskId diskId, Path path, long sizeBytes, boolean isProtected) {

    static DiskConfiguration fromJson(JsonObject json) {
        return new DiskConfiguration(
                DiskId.of(JsonFields.string(json, "diskId")),
                Path.of(JsonFields.string(json, "path")),
                JsonFields.number(json, "sizeBytes"),
                json.containsKey("protected") && JsonFields.bool(json, "protected"));
    }

    JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("diskId", diskId.value())
                .add("path", path.toString())
                .add("sizeBytes", sizeBytes)
                .add("protected", isProtected)
                .build();
    }
}
