package org.lifeboat.recoveryplan;

import java.util.List;

/** A plan's boot group: its items fail over in parallel, between the group's pre and post actions. */
public record BootGroup(List<String> items, List<PlanAction> preActions, List<PlanAction> postActions) {

    public BootGroup {
        items = List.copyOf(items);
        preActions = List.copyOf(preActions);
        postActions = List.copyOf(postActions);
    }
}
