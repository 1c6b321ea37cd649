package org.lifeboat.fabric;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A disk of a protected machine, as its agent reported it at registration. */
@Entity
@Table(name = "AGENT_DISK")
public class AgentDisk {

    @Id
    @Column(length = 36)
    private String id;

    @ManyToOne(optional = false)
    private MobilityAgent agent;

    @Column(nullable = false, length = 1024)
    private String path;

    private long sizeBytes;

    protected AgentDisk() {
        // for JPA
    }

    AgentDisk(String id, MobilityAgent agent, String path, long sizeBytes) {
        this.id = id;
        this.agent = agent;
        this.path = path;
        this.sizeBytes = sizeBytes;
    }

    public String getId() {
        return id;
    }

    public MobilityAgent getAgent() {
        return agent;
    }

    public String getPath() {
        return path;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }
}
