package org.lifeboat.pushinstall;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One push installation of the agent onto a machine: where it was pushed, the SSH login's secret (sealed, bound
 * to this row), the host key pinned, and the one-time registration token issued for it (its SHA-256 only).
 */
@Entity
@Table(name = "AGENT_INSTALL")
@NamedQuery(name = AgentInstall.OF_ITEM,
        query = "SELECT i FROM AgentInstall i WHERE i.protectableItemId = :item ORDER BY i.createdAt DESC")
@NamedQuery(name = AgentInstall.BY_TOKEN, query = "SELECT i FROM AgentInstall i WHERE i.tokenHash = :hash")
@NamedQuery(name = AgentInstall.USE_TOKEN, query = "UPDATE AgentInstall i SET i.tokenUsedAt = :now "
        + "WHERE i.tokenHash = :hash AND i.tokenUsedAt IS NULL AND i.tokenExpiresAt > :now")
public class AgentInstall {

    static final String OF_ITEM = "AgentInstall.ofItem";
    static final String BY_TOKEN = "AgentInstall.byToken";
    static final String USE_TOKEN = "AgentInstall.useToken";

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 1024)
    private String protectableItemId;

    @Column(nullable = false, length = 253)
    private String host;

    private int port;

    @Column(nullable = false, length = 32)
    private String sshUser;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private CredentialKind credentialKind;

    @Column(nullable = false, length = 24000)
    private String sealedCredential;

    @Column(length = 64)
    private String hostKeyFingerprint;

    /** Whether the key was given with the request, or pinned when first seen. */
    private boolean hostKeySupplied;

    @Column(nullable = false, length = 8192)
    private String disks;

    @Column(length = 64)
    private String tokenHash;

    private Instant tokenExpiresAt;

    private Instant tokenUsedAt;

    @Column(length = 36)
    private String agentId;

    @Column(length = 36)
    private String jobId;

    private Instant createdAt;

    protected AgentInstall() {
    }

    AgentInstall(String id, String protectableItemId, InstallTarget target, Instant createdAt) {
        this.id = id;
        this.protectableItemId = protectableItemId;
        this.host = target.host();
        this.port = target.port();
        this.sshUser = target.user();
        this.credentialKind = target.credentialKind();
        this.disks = String.join("\n", target.disks());
        this.createdAt = createdAt;
    }

    InstallTarget target() {
        return new InstallTarget(host, port, sshUser, credentialKind, Arrays.asList(disks.split("\n")));
    }

    public String getId() {
        return id;
    }

    public String getProtectableItemId() {
        return protectableItemId;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public String getSshUser() {
        return sshUser;
    }

    public CredentialKind getCredentialKind() {
        return credentialKind;
    }

    String getSealedCredential() {
        return sealedCredential;
    }

    void sealedCredential(String sealed) {
        this.sealedCredential = sealed;
    }

    public String getHostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    public boolean isHostKeySupplied() {
        return hostKeySupplied;
    }

    void pin(HostKeyFingerprint fingerprint, boolean supplied) {
        this.hostKeyFingerprint = fingerprint.value();
        this.hostKeySupplied = supplied;
    }

    public List<String> getDisks() {
        return List.of(disks.split("\n"));
    }

    void token(String hash, Instant expiresAt) {
        this.tokenHash = hash;
        this.tokenExpiresAt = expiresAt;
        this.tokenUsedAt = null;
    }

    Instant getTokenExpiresAt() {
        return tokenExpiresAt;
    }

    Instant getTokenUsedAt() {
        return tokenUsedAt;
    }

    public String getAgentId() {
        return agentId;
    }

    void agentId(String agentId) {
        this.agentId = agentId;
    }

    public String getJobId() {
        return jobId;
    }

    void jobId(String jobId) {
        this.jobId = jobId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
