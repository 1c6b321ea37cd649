package org.lifeboat.recoveryplan;

import java.util.ArrayList;
import java.util.List;

/**
 * One stage of a plan's run, in order: the plan's pre actions, then per boot group its start, pre actions,
 * items (in parallel), post actions and end, then the plan's post actions. Each stage names the job steps it
 * reports on, so the job shows plan, group and item with their states and times; a suspended run goes on at
 * the stage after its manual action.
 */
sealed interface PlanStage {

    int MAX_STEP = 128;

    /** The job steps of this stage. */
    List<String> steps();

    /** A boot group begins: its step spans the group. */
    record GroupStart(int group) implements PlanStage {
        public List<String> steps() {
            return List.of(groupStep(group));
        }
    }

    /** A boot group is done: every item of it ended. */
    record GroupEnd(int group) implements PlanStage {
        public List<String> steps() {
            return List.of();
        }
    }

    /** A pre or post action; {@code group} is 0 for the plan's own. */
    record Action(int group, boolean pre, int index, PlanAction action) implements PlanStage {
        public List<String> steps() {
            return List.of(step());
        }

        String step() {
            String name = (group == 0 ? "Plan" : groupStep(group)) + (pre ? " pre-action " : " post-action ")
                    + index + ": " + action.label();
            return name.length() <= MAX_STEP ? name : name.substring(0, MAX_STEP - 3) + "...";
        }
    }

    /** The boot group's items, failed over in parallel. */
    record Items(int group, List<String> items) implements PlanStage {
        public List<String> steps() {
            return items.stream().map(this::step).toList();
        }

        String step(String item) {
            return groupStep(group) + ": " + item;
        }
    }

    static String groupStep(int group) {
        return "Group " + group;
    }

    /** The stages of a plan, in the order they run; without its pre and post actions if not {@code withActions}. */
    static List<PlanStage> of(PlanDefinition plan, boolean withActions) {
        List<PlanStage> stages = new ArrayList<>();
        actions(stages, 0, true, withActions ? plan.preActions() : List.of());
        for (int g = 0; g < plan.groups().size(); g++) {
            BootGroup group = plan.groups().get(g);
            stages.add(new GroupStart(g + 1));
            actions(stages, g + 1, true, withActions ? group.preActions() : List.of());
            stages.add(new Items(g + 1, group.items()));
            actions(stages, g + 1, false, withActions ? group.postActions() : List.of());
            stages.add(new GroupEnd(g + 1));
        }
        actions(stages, 0, false, withActions ? plan.postActions() : List.of());
        return stages;
    }

    /** Every step of the plan's job, in order. */
    static List<String> steps(List<PlanStage> stages) {
        return stages.stream().flatMap(s -> s.steps().stream()).toList();
    }

    private static void actions(List<PlanStage> stages, int group, boolean pre, List<PlanAction> actions) {
        for (int a = 0; a < actions.size(); a++) {
            stages.add(new Action(group, pre, a + 1, actions.get(a)));
        }
    }
}
