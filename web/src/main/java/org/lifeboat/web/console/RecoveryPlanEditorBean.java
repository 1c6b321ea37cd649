package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.lifeboat.recoveryplan.BootGroup;
import org.lifeboat.recoveryplan.PlanAction;
import org.lifeboat.recoveryplan.PlanDefinition;
import org.lifeboat.recoveryplan.PlanOperation;
import org.lifeboat.recoveryplan.PlanRequest;
import org.lifeboat.recoveryplan.RecoveryPlanJobs;
import org.lifeboat.recoveryplan.RecoveryPlanRepository;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;

/**
 * A recovery plan's page: the editor (boot groups in order, their items, pre and post actions of each group and
 * of the plan) and the plan's actions. The form becomes the API's JSON and is stored by the same service as
 * {@code PUT /recoveryPlans/{plan}}: its rules decide, and a refused field's message goes next to its input.
 */
@Named("planEditor")
@ViewScoped
public class RecoveryPlanEditorBean implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String FORM = "editor";
    /** A refused field inside a group: groups[g], groups[g].items[i], groups[g].preActions[a].text, ... */
    private static final Pattern GROUP_FIELD = Pattern.compile(
            "groups\\[(\\d+)](?:\\.(items|preActions|postActions)(?:\\[(\\d+)])?.*)?");
    private static final Pattern PLAN_ACTION_FIELD = Pattern.compile("(preActions|postActions)\\[(\\d+)].*");

    @EJB
    private RecoveryPlanRepository plans;

    @EJB
    private RecoveryPlanJobs planJobs;

    @Inject
    private ProtectedItemViews items;

    @Inject
    private ConsoleMessages messages;

    @Inject
    private ExternalContext external;

    /** The plan as stored; null for a new plan. */
    private String stored;
    private String name;
    private String description;
    private List<GroupForm> groups = new ArrayList<>();
    private List<ActionForm> preActions = new ArrayList<>();
    private List<ActionForm> postActions = new ArrayList<>();

    /** A boot group in the form: its items fail over in parallel. */
    public static final class GroupForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private List<String> items = new ArrayList<>();
        private final List<ActionForm> preActions = new ArrayList<>();
        private final List<ActionForm> postActions = new ArrayList<>();

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }

        public List<ActionForm> getPreActions() {
            return preActions;
        }

        public List<ActionForm> getPostActions() {
            return postActions;
        }
    }

    /** A pre or post action in the form: a manual action's text, or a script's path and timeout. */
    public static final class ActionForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private String type = PlanAction.Kind.MANUAL.apiName();
        private String value;
        private String timeoutSeconds;

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getTimeoutSeconds() {
            return timeoutSeconds;
        }

        public void setTimeoutSeconds(String timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
        }

        static ActionForm of(PlanAction action) {
            ActionForm form = new ActionForm();
            form.type = action.kind().apiName();
            form.value = action.kind() == PlanAction.Kind.SCRIPT ? action.script() : action.text();
            form.timeoutSeconds = action.timeout() == null ? null : Long.toString(action.timeout().toSeconds());
            return form;
        }

        /** As the API reads it; a timeout that is not a number goes as text, for the API to refuse it by name. */
        JsonObject toJson() {
            JsonObjectBuilder out = Json.createObjectBuilder().add("type", type == null ? "" : type);
            if (!PlanAction.Kind.SCRIPT.apiName().equals(type)) {
                return out.add("text", value == null ? "" : value).build();
            }
            out.add("script", value == null ? "" : value.strip());
            if (timeoutSeconds != null && !timeoutSeconds.isBlank()) {
                try {
                    out.add("timeoutSeconds", Long.parseLong(timeoutSeconds.strip()));
                } catch (NumberFormatException e) {
                    out.add("timeoutSeconds", timeoutSeconds);
                }
            }
            return out.build();
        }
    }

    /** After the view parameter: an existing plan fills the form; none, a new plan with one empty group. */
    public void load() {
        if (name == null || name.isBlank()) {
            groups.add(new GroupForm());
            return;
        }
        messages.attempt((String) null, () -> plans.find(name)).ifPresent(plan -> {
            stored = plan.getName();
            PlanDefinition definition = plan.definition();
            description = definition.description();
            groups = new ArrayList<>();
            for (BootGroup group : definition.groups()) {
                GroupForm form = new GroupForm();
                form.items = new ArrayList<>(group.items());
                group.preActions().forEach(a -> form.preActions.add(ActionForm.of(a)));
                group.postActions().forEach(a -> form.postActions.add(ActionForm.of(a)));
                groups.add(form);
            }
            definition.preActions().forEach(a -> preActions.add(ActionForm.of(a)));
            definition.postActions().forEach(a -> postActions.add(ActionForm.of(a)));
        });
    }

    /** The protected items a group can hold. */
    public List<String> getItemNames() {
        return items.all().stream().map(ProtectedItemDtos.Item::name).toList();
    }

    public void addGroup() {
        groups.add(new GroupForm());
    }

    public void removeGroup(int index) {
        groups.remove(index);
    }

    /** Boots the group one place earlier. */
    public void moveUp(int index) {
        if (index > 0) {
            groups.add(index - 1, groups.remove(index));
        }
    }

    public void moveDown(int index) {
        if (index < groups.size() - 1) {
            groups.add(index + 1, groups.remove(index));
        }
    }

    public void addAction(List<ActionForm> actions) {
        actions.add(new ActionForm());
    }

    public void removeAction(List<ActionForm> actions, int index) {
        actions.remove(index);
    }

    /** Stores the plan as the API does; after a new plan is created, its own page (with its actions). */
    public String save() {
        return messages.attemptBeside(RecoveryPlanEditorBean::inputOf, () -> plans.put(name, json())).map(created -> {
            messages.info("Recovery plan '" + name + "' " + (created ? "created" : "saved") + ".");
            external.getFlash().setKeepMessages(true);
            return "/plan?faces-redirect=true&name=" + name;
        }).orElse(null);
    }

    public String testFailover() {
        return run(PlanOperation.TEST_FAILOVER);
    }

    public String testFailoverCleanup() {
        return run(PlanOperation.TEST_FAILOVER_CLEANUP);
    }

    public String unplannedFailover() {
        return run(PlanOperation.UNPLANNED_FAILOVER);
    }

    public String failoverCommit() {
        return run(PlanOperation.FAILOVER_COMMIT);
    }

    /** Starts the plan's action as the API does (latest processed points) and opens the job's run view. */
    private String run(PlanOperation operation) {
        return messages.attempt((String) null, () -> planJobs.start(stored,
                        new PlanRequest(operation, null, null, false, null)))
                .map(job -> "/job?faces-redirect=true&id=" + job.getId()).orElse(null);
    }

    /** The id of the plan's job not over yet, or null. */
    public String getActiveJobId() {
        return stored == null ? null : plans.activeJob(stored).map(j -> j.getId().toString()).orElse(null);
    }

    private JsonObject json() {
        JsonArrayBuilder groupsJson = Json.createArrayBuilder();
        for (GroupForm group : groups) {
            groupsJson.add(Json.createObjectBuilder().add("items", Json.createArrayBuilder(group.items))
                    .add("preActions", json(group.preActions)).add("postActions", json(group.postActions)));
        }
        JsonObjectBuilder out = Json.createObjectBuilder();
        if (description != null && !description.isBlank()) {
            out.add("description", description);
        }
        return out.add("groups", groupsJson).add("preActions", json(preActions))
                .add("postActions", json(postActions)).build();
    }

    private static JsonArrayBuilder json(List<ActionForm> actions) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        actions.forEach(a -> out.add(a.toJson()));
        return out;
    }

    /** The client id of the input a refused API field names, or null for the page's messages. */
    static String inputOf(String field) {
        if (field.equals("name") || field.equals("description")) {
            return FORM + ":" + field;
        }
        Matcher group = GROUP_FIELD.matcher(field);
        if (group.matches()) {
            String at = FORM + ":groups:" + group.group(1) + ":";
            String list = group.group(2);
            if (list == null || list.equals("items")) {
                return at + "items";
            }
            return group.group(3) == null ? null : at + list + ":" + group.group(3) + ":value";
        }
        Matcher plan = PLAN_ACTION_FIELD.matcher(field);
        return plan.matches() ? FORM + ":" + plan.group(1) + ":" + plan.group(2) + ":value" : null;
    }

    public boolean isStored() {
        return stored != null;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<GroupForm> getGroups() {
        return groups;
    }

    public List<ActionForm> getPreActions() {
        return preActions;
    }

    public List<ActionForm> getPostActions() {
        return postActions;
    }
}
