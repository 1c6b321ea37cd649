package org.lifeboat.recoveryplan;

import java.io.StringReader;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import org.lifeboat.failover.PointChoice;
import org.lifeboat.failover.RecoveryPointType;

/**
 * What a plan action was asked with, passed to each item's action: the recovery point type (each item uses
 * its own point of that type), the drill's network, whether to shut sources down, the cleanup's comments.
 * Kept with the run so that a job resumed after a restart goes on as asked.
 */
public record PlanRequest(PlanOperation operation, RecoveryPointType pointType, String networkId,
                          boolean performShutdown, String comments) {

    /** Failover direction as ASR names it; failback adds RecoveryToPrimary. */
    public String direction() {
        return "PrimaryToRecovery";
    }

    PointChoice choice() {
        return new PointChoice(null, pointType == null ? RecoveryPointType.LATEST_PROCESSED : pointType);
    }

    String toJson() {
        JsonObjectBuilder out = Json.createObjectBuilder().add("operation", operation.name())
                .add("performShutdown", performShutdown);
        if (pointType != null) {
            out.add("pointType", pointType.apiName());
        }
        if (networkId != null) {
            out.add("networkId", networkId);
        }
        if (comments != null) {
            out.add("comments", comments);
        }
        return out.build().toString();
    }

    static PlanRequest fromJson(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            return new PlanRequest(PlanOperation.valueOf(json.getString("operation")),
                    json.containsKey("pointType") ? RecoveryPointType.parse(json.getString("pointType")) : null,
                    json.getString("networkId", null), json.getBoolean("performShutdown", false),
                    json.getString("comments", null));
        }
    }
}
