package org.lifeboat.agent.api;

import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** What the agent reports every heartbeat interval. */
public record Heartbeat(String agentVersion, List<DiskHeartbeat> disks) {

    public Heartbeat {
        disks = List.copyOf(disks);
    }

    JsonObject toJson() {
        JsonArrayBuilder diskArray = Json.createArrayBuilder();
        disks.forEach(disk -> diskArray.add(disk.toJson()));
        return Json.createObjectBuilder().add("agentVersion", agentVersion).add("disks", diskArray).build();
    }
}
