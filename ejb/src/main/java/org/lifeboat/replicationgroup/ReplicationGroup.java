package org.lifeboat.replicationgroup;

import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.lifeboat.policy.ReplicationPolicy;

/**
 * Protected items whose recovery points are taken together, at one moment across the machines (ASR's
 * multi-VM consistency), on the schedule of the group's policy.
 */
@Entity
@Table(name = "REPLICATION_GROUP")
@NamedQuery(name = ReplicationGroup.ALL, query = "SELECT g FROM ReplicationGroup g ORDER BY g.name")
public class ReplicationGroup {

    public static final String ALL = "ReplicationGroup.all";
    /** As ASR allows. */
    public static final int MAX_MEMBERS = 16;

    @Id
    @Column(length = 64)
    private String name;

    @ManyToOne(optional = false)
    private ReplicationPolicy policy;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "REPLICATION_GROUP_MEMBER", joinColumns = @JoinColumn(name = "GROUP_NAME"))
    @Column(name = "ITEM_NAME", length = 64)
    @OrderColumn(name = "POSITION")
    private List<String> members = new ArrayList<>();

    protected ReplicationGroup() {
        // for JPA
    }

    ReplicationGroup(String name, ReplicationPolicy policy, List<String> members) {
        this.name = name;
        change(policy, members);
    }

    /** A group rebuilt from the vault catalog: its members are recovered items, waiting for their agents. */
    public static ReplicationGroup recovered(String name, ReplicationPolicy policy, List<String> members) {
        return new ReplicationGroup(name, policy, members);
    }

    void change(ReplicationPolicy policy, List<String> members) {
        this.policy = policy;
        this.members.clear();
        this.members.addAll(members);
    }

    public String getName() {
        return name;
    }

    public ReplicationPolicy getPolicy() {
        return policy;
    }

    public List<String> getMembers() {
        return List.copyOf(members);
    }
}
