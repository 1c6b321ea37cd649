package org.lifeboat.web.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.lifeboat.policy.PolicyRepository;
import org.lifeboat.policy.ReplicationPolicy;
import org.lifeboat.replicationgroup.ReplicationGroupRepository;
import org.lifeboat.web.api.ProtectedItemDtos;
import org.lifeboat.web.api.ProtectedItemViews;
import org.lifeboat.web.api.ReplicationGroupDtos;

/**
 * The replication groups page: each group with its members and policy, a form that creates one or changes one's
 * members and policy ({@code PUT /replicationGroups/{group}}, the same repository and rules: a refused field's message
 * beside it, nothing saved), and deletion (the members' points stay).
 */
@Named("replicationGroups")
@ViewScoped
public class ReplicationGroupsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The form's id: an input's client id is this, ':' and the API's field name. */
    private static final String FORM = "group";

    @EJB
    private ReplicationGroupRepository groups;

    @EJB
    private PolicyRepository policies;

    @Inject
    private ProtectedItemViews items;

    @Inject
    private ConsoleMessages messages;

    private String name;
    private String policy;
    private List<String> members = new ArrayList<>();
    /** True while the form edits a stored group: its name is then fixed. */
    private boolean editing;

    public List<ReplicationGroupDtos.Group> getAll() {
        return groups.all().stream().map(ReplicationGroupDtos.Group::of).toList();
    }

    /** The items the form offers: every protected item (the rules refuse those that cannot be members, saying why). */
    public List<String> getItemNames() {
        return items.all().stream().map(ProtectedItemDtos.Item::name).toList();
    }

    public List<String> getPolicyNames() {
        return policies.all().stream().map(ReplicationPolicy::getName).toList();
    }

    /** A group's members in words, for the list and the confirmation. */
    public String joined(List<String> names) {
        return String.join(", ", names);
    }

    public void save() {
        messages.attempt(FORM, () -> groups.save(name, policy == null || policy.isBlank() ? null : policy,
                List.copyOf(members))).ifPresent(saved -> {
                    messages.info("Replication group '" + name + "' " + (saved.created() ? "created" : "saved")
                            + " with " + members.size() + " member(s).");
                    startNew();
                });
    }

    /** Loads a stored group into the form. */
    public void edit(String group) {
        ReplicationGroupDtos.Group stored = ReplicationGroupDtos.Group.of(groups.get(group));
        name = stored.name();
        policy = stored.policy();
        members = new ArrayList<>(stored.items());
        editing = true;
    }

    public void startNew() {
        name = null;
        policy = null;
        members = new ArrayList<>();
        editing = false;
    }

    public void delete(String group) {
        messages.attempt(null, () -> {
            groups.delete(group);
            return group;
        }).ifPresent(g -> messages.info("Replication group '" + g + "' deleted; its members' recovery points stay."));
        if (group.equals(name)) {
            startNew();
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public List<String> getItems() {
        return members;
    }

    public void setItems(List<String> items) {
        this.members = items == null ? new ArrayList<>() : new ArrayList<>(items);
    }

    public boolean isEditing() {
        return editing;
    }
}
