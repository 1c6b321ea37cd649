package org.lifeboat.web.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import java.util.List;

/** The recovery plan API's bodies, for the OpenAPI document (the resource reads and writes JSON-P). */
public final class RecoveryPlanDtos {

    private RecoveryPlanDtos() {
    }

    @Schema(description = "A pre or post action: type Script (script: a path inside the scripts directory; "
            + "timeoutSeconds, default 300) or Manual (text: what the operator does before resuming the job)")
    public record Action(String type, String script, Long timeoutSeconds, String text) {
    }

    @Schema(description = "A boot group: its items fail over in parallel, between its pre and post actions")
    public record Group(List<String> items, List<Action> preActions, List<Action> postActions) {
    }

    @Schema(description = "A recovery plan: ordered boot groups (up to 100 items in all), the plan's own pre and "
            + "post actions; itemCount, updatedAt and activeJobId (a job not over, or null) are read-only")
    public record Plan(String name, String description, List<Group> groups, List<Action> preActions,
                       List<Action> postActions, Integer itemCount, String updatedAt, String activeJobId) {
    }
}
