package org.lifeboat.recoveryplan;

import java.io.StringReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.lifeboat.failover.FailoverDirection;
import org.lifeboat.failover.PointChoice;
import org.lifeboat.failover.RecoveryPointType;
import org.lifeboat.shared.InvalidRequestException;

/**
 * What a plan action was asked with, passed to each item's action: the recovery point type (each item uses
 * its own point of that type), the drill's network, whether to shut sources down, the cleanup's comments, and
 * for failback the direction with, towards Primary, each item's agent in its failed-over machine ({@code agents})
 * and, for items recovered from the vault, its master target ({@code masterTargets}). Kept with the run so that
 * a job resumed after a restart goes on as asked.
 */
public record PlanRequest(PlanOperation operation, RecoveryPointType pointType, String networkId,
                          boolean performShutdown, String comments, FailoverDirection failoverDirection,
                          Map<String, String> agents, Map<String, String> masterTargets) {

    /** Agent ids are UUIDs; the bound keeps a plan's agents within their column. */
    static final int MAX_AGENT_ID = 64;

    public PlanRequest {
        agents = agents == null ? Map.of() : Map.copyOf(agents);
        masterTargets = masterTargets == null ? Map.of() : Map.copyOf(masterTargets);
    }

    /** A request of a failover action (direction PrimaryToRecovery). */
    public PlanRequest(PlanOperation operation, RecoveryPointType pointType, String networkId, boolean performShutdown,
                       String comments) {
        this(operation, pointType, networkId, performShutdown, comments, null, null, null);
    }

    /** Failover direction as ASR names it: PrimaryToRecovery unless a failback action asked otherwise. */
    public String direction() {
        return (failoverDirection == null ? FailoverDirection.PRIMARY_TO_RECOVERY : failoverDirection).apiName();
    }

    /**
     * Checks a failback request against the plan before anything starts (400 naming the field, nothing changed):
     * plannedFailover goes RecoveryToPrimary; reProtect has its direction; towards Primary every item that
     * {@code needsAgent} (failed over and committed) has its agent, and {@code agents} and {@code masterTargets} name
     * items of the plan only; towards Recovery they are not given.
     */
    void check(Collection<String> planItems, Predicate<String> needsAgent) {
        if (operation == PlanOperation.PLANNED_FAILOVER && failoverDirection != FailoverDirection.RECOVERY_TO_PRIMARY) {
            throw new InvalidRequestException("failoverDirection", "a planned failover goes RecoveryToPrimary "
                    + "(failback); towards Recovery use unplannedFailover");
        }
        if (operation != PlanOperation.RE_PROTECT) {
            return;
        }
        if (failoverDirection == null) {
            throw new InvalidRequestException("direction", "direction is PrimaryToRecovery or RecoveryToPrimary");
        }
        if (failoverDirection == FailoverDirection.PRIMARY_TO_RECOVERY) {
            for (String field : new String[] {"agents", "masterTargets"}) {
                if (!(field.equals("agents") ? agents : masterTargets).isEmpty()) {
                    throw new InvalidRequestException(field, field + " are for reProtect RecoveryToPrimary only");
                }
            }
            return;
        }
        namesPlanItems("agents", agents, planItems);
        namesPlanItems("masterTargets", masterTargets, planItems);
        for (String item : planItems) {
            String agent = agents.get(item);
            if ((agent == null || agent.isBlank()) && needsAgent.test(item)) {
                throw new InvalidRequestException("agents." + item, "'" + item + "' is failed over and committed: "
                        + "agents." + item + " (the agent inside its failed-over machine) is required towards Primary");
            }
        }
    }

    private static void namesPlanItems(String field, Map<String, String> byItem, Collection<String> planItems) {
        byItem.forEach((item, agent) -> {
            if (!planItems.contains(item)) {
                throw new InvalidRequestException(field + "." + item, "'" + item + "' is not an item of the plan");
            }
            if (agent.length() > MAX_AGENT_ID) {
                throw new InvalidRequestException(field + "." + item, "an agent id is at most " + MAX_AGENT_ID
                        + " characters");
            }
        });
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
        if (failoverDirection != null) {
            out.add("direction", failoverDirection.apiName());
        }
        return out.build().toString();
    }

    /** The failback's agents by item, kept apart from {@link #toJson} (they may be long); null when there are none. */
    String agentsJson() {
        if (agents.isEmpty() && masterTargets.isEmpty()) {
            return null;
        }
        JsonObjectBuilder agentsJson = Json.createObjectBuilder();
        agents.forEach(agentsJson::add);
        JsonObjectBuilder masterTargetsJson = Json.createObjectBuilder();
        masterTargets.forEach(masterTargetsJson::add);
        return Json.createObjectBuilder().add("agents", agentsJson).add("masterTargets", masterTargetsJson).build()
                .toString();
    }

    /** The request {@link #toJson} and {@link #agentsJson} wrote (agentsJson null: none). */
    static PlanRequest fromJson(String text, String agentsText) {
        JsonObject byItem = agentsText == null ? JsonObject.EMPTY_JSON_OBJECT
                : Json.createReader(new StringReader(agentsText)).readObject();
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            return new PlanRequest(PlanOperation.valueOf(json.getString("operation")),
                    json.containsKey("pointType") ? RecoveryPointType.parse(json.getString("pointType")) : null,
                    json.getString("networkId", null), json.getBoolean("performShutdown", false),
                    json.getString("comments", null), json.containsKey("direction")
                    ? FailoverDirection.of("direction", json.getString("direction")) : null,
                    strings(byItem, "agents"), strings(byItem, "masterTargets"));
        }
    }

    private static Map<String, String> strings(JsonObject json, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        if (json.get(field) instanceof JsonObject object) {
            object.forEach((key, value) -> map.put(key, ((JsonString) value).getString()));
        }
        return map;
    }
}
