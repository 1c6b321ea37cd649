package org.lifeboat.fabric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * A registered mobility agent: a protected machine's identity in the vault. Its credential is a
 * 256-bit random secret, so a SHA-256 of it is all the vault keeps.
 */
@Entity
@Table(name = "MOBILITY_AGENT")
@NamedQuery(name = MobilityAgent.ALL, query = "SELECT a FROM MobilityAgent a ORDER BY a.name, a.registeredAt")
public class MobilityAgent {

    public static final String ALL = "MobilityAgent.all";

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 128)
    private String name;

    @Column(length = 255)
    private String hostname;

    @Column(length = 64)
    private String agentVersion;

    /** The machine's SMBIOS UUID as the agent read it (optional): matches it to a discovered VM. */
    @Column(length = 36)
    private String biosUuid;

    @Column(nullable = false, length = 64)
    private String credentialHash;

    @Column(nullable = false)
    private Instant registeredAt;

    private Instant lastHeartbeatAt;

    private boolean revoked;

    @OneToMany(mappedBy = "agent", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("path")
    private List<AgentDisk> disks = new ArrayList<>();

    protected MobilityAgent() {
        // for JPA
    }

    MobilityAgent(String id, String name, String hostname, String agentVersion, String credentialHash,
                  Instant registeredAt) {
        this.id = id;
        this.name = name;
        this.hostname = hostname;
        this.agentVersion = agentVersion;
        this.credentialHash = credentialHash;
        this.registeredAt = registeredAt;
    }

    void biosUuid(String uuid) {
        this.biosUuid = uuid;
    }

    AgentDisk addDisk(String diskId, String path, long sizeBytes) {
        AgentDisk disk = new AgentDisk(diskId, this, path, sizeBytes);
        disks.add(disk);
        return disk;
    }

    public void heartbeat(Instant at, String version) {
        lastHeartbeatAt = at;
        agentVersion = version;
    }

    /** For good: the credential stops working everywhere; the machine must register again. */
    void revoke() {
        revoked = true;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getHostname() {
        return hostname;
    }

    public String getBiosUuid() {
        return biosUuid;
    }

    public String getAgentVersion() {
        return agentVersion;
    }

    String getCredentialHash() {
        return credentialHash;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public Instant getLastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    public boolean isRevoked() {
        return revoked;
    }

    public List<AgentDisk> getDisks() {
        return disks;
    }
}
