package org.lifeboat.scaleout;

import java.time.Instant;
import java.util.Optional;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A registered scale-out process server, by its name, with the figures of its last heartbeat. Its credential
 * is a 256-bit random secret, so a SHA-256 of it is all the vault keeps (as for an agent). Its certificate is the
 * one its replication port presents (its own key pair, made at its first start), which its agents pin; null in rows
 * registered before process servers had their own (they present the configuration server's).
 */
@Entity
@Table(name = "SCALE_OUT_PROCESS_SERVER")
@NamedQuery(name = ScaleOutProcessServer.ALL, query = "SELECT p FROM ScaleOutProcessServer p ORDER BY p.name")
@NamedQuery(name = ScaleOutProcessServer.BY_ID, query = "SELECT p FROM ScaleOutProcessServer p WHERE p.id = :id")
public class ScaleOutProcessServer {

    public static final String PROCESS_SERVER_ROLE = "process-server";
    public static final String APPLIER_ROLE = "applier";

    static final String ALL = "ScaleOutProcessServer.all";
    static final String BY_ID = "ScaleOutProcessServer.byId";

    @Id
    @Column(length = 64)
    private String name;

    @Column(nullable = false, length = 36, unique = true)
    private String id;

    @Column(nullable = false, length = 255)
    private String replicationAddress;

    @Column(nullable = false, length = 64)
    private String credentialHash;

    @Column(nullable = false)
    private Instant registeredAt;

    /** PEM; null in rows from before. */
    @Column(length = 8192)
    private String certificate;

    /** Lowercase hex SHA-256 of its DER encoding; null with {@link #certificate}. */
    @Column(length = 64)
    private String certificateSha256;

    /** {@value #APPLIER_ROLE} for an applier near Azure (no replication endpoint, no items); null: a process server. */
    @Column(length = 32)
    private String role;

    /** The applier near Azure that applies this process server's items; null: it applies them itself. */
    @Column(length = 64)
    private String applier;

    private Instant heartbeatAt;
    private Double cpuPercent;
    private Double memoryPercent;
    private long cacheCapacityBytes;
    private long cacheUsedBytes;
    private double cacheFreePercent;
    private long uploadBacklogBytes;
    private Long projectedDrainSeconds;
    private long ingestBytesPerSecond;
    private long uploadBytesPerSecond;
    private int connectedAgents;
    /** Null in rows from before, and until a heartbeat of a version that reports them. */
    private Long wanCacheBytes;
    private Long wanSeedBytes;

    /** What the process server itself reported as wrong (its cache unreadable), or null. */
    @Column(length = 1024)
    private String reportedProblem;

    protected ScaleOutProcessServer() {
        // for JPA
    }

    ScaleOutProcessServer(String name, String id, String replicationAddress, String credentialHash,
                          ProcessServerCertificate certificate, Instant at) {
        this.name = name;
        this.id = id;
        this.replicationAddress = replicationAddress;
        this.credentialHash = credentialHash;
        this.certificate = certificate.pem();
        this.certificateSha256 = certificate.sha256();
        this.registeredAt = at;
    }

    void reRegistered(String replicationAddress, String credentialHash, ProcessServerCertificate certificate) {
        this.replicationAddress = replicationAddress;
        this.credentialHash = credentialHash;
        this.certificate = certificate.pem();
        this.certificateSha256 = certificate.sha256();
    }

    /** Its role, as its last registration said. */
    void registeredAs(String newRole) {
        role = APPLIER_ROLE.equals(newRole) ? APPLIER_ROLE : null;
    }

    void applyThrough(String newApplier) {
        applier = newApplier;
    }

    /** {@value #APPLIER_ROLE} or {@value #PROCESS_SERVER_ROLE}. */
    public String getRole() {
        return role == null ? PROCESS_SERVER_ROLE : role;
    }

    public boolean isApplier() {
        return APPLIER_ROLE.equals(role);
    }

    /** The applier near Azure that applies its items, if one does. */
    public Optional<String> getApplier() {
        return Optional.ofNullable(applier);
    }

    void heartbeat(Heartbeat beat, Instant at) {
        heartbeatAt = at;
        cpuPercent = beat.cpuPercent();
        memoryPercent = beat.memoryPercent();
        cacheCapacityBytes = beat.cacheCapacityBytes();
        cacheUsedBytes = beat.cacheUsedBytes();
        cacheFreePercent = beat.cacheFreePercent();
        uploadBacklogBytes = beat.uploadBacklogBytes();
        projectedDrainSeconds = beat.projectedDrainSeconds();
        ingestBytesPerSecond = beat.ingestBytesPerSecond();
        uploadBytesPerSecond = beat.uploadBytesPerSecond();
        connectedAgents = beat.connectedAgents();
        reportedProblem = beat.problem();
        wanCacheBytes = beat.wanCacheBytes();
        wanSeedBytes = beat.wanSeedBytes();
    }

    public String getName() {
        return name;
    }

    public String getId() {
        return id;
    }

    public String getReplicationAddress() {
        return replicationAddress;
    }

    /** The SHA-256 of the certificate its replication port presents; empty for a row from before. */
    public Optional<String> getCertificateSha256() {
        return Optional.ofNullable(certificateSha256);
    }

    /** Its certificate, PEM; empty for a row from before. */
    public Optional<String> getCertificate() {
        return Optional.ofNullable(certificate);
    }

    String getCredentialHash() {
        return credentialHash;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    /** Null until its first heartbeat. */
    public Instant getHeartbeatAt() {
        return heartbeatAt;
    }

    /** The figures of its last heartbeat (zeros before the first). */
    public Heartbeat lastHeartbeat() {
        return new Heartbeat(cpuPercent, memoryPercent, cacheCapacityBytes, cacheUsedBytes, cacheFreePercent,
                uploadBacklogBytes, projectedDrainSeconds, ingestBytesPerSecond, uploadBytesPerSecond, connectedAgents,
                reportedProblem, wanCacheBytes, wanSeedBytes);
    }
}
