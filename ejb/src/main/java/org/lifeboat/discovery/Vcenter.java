package org.lifeboat.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.lifeboat.job.JobState;

/**
 * A vCenter Server the vault discovers VMs from, under a fabric (ASR's site). Its password is kept
 * only sealed (see {@link org.lifeboat.secret.SecretBox}); its certificate either pinned on first use
 * (the SHA-256 fingerprint) or trusted as supplied by the operator.
 */
@Entity
@Table(name = "VCENTER", uniqueConstraints = @UniqueConstraint(name = "VCENTER_NAME", columnNames = {"fabric", "name"}))
@NamedQuery(name = Vcenter.ALL, query = "SELECT v FROM Vcenter v ORDER BY v.fabric, v.name")
@NamedQuery(name = Vcenter.BY_NAME, query = "SELECT v FROM Vcenter v WHERE v.fabric = :fabric AND v.name = :name")
@NamedQuery(name = Vcenter.IN_FABRIC, query = "SELECT v FROM Vcenter v WHERE v.fabric = :fabric ORDER BY v.name")
@NamedQuery(name = Vcenter.BY_ENDPOINT, query = "SELECT v FROM Vcenter v WHERE v.host = :host AND v.port = :port")
public class Vcenter {

    static final String ALL = "Vcenter.all";
    static final String BY_NAME = "Vcenter.byName";
    static final String IN_FABRIC = "Vcenter.inFabric";
    static final String BY_ENDPOINT = "Vcenter.byEndpoint";

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false, length = 64)
    private String fabric;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 253)
    private String host;

    private int port;

    @Column(nullable = false, length = 256)
    private String userName;

    @Column(nullable = false, length = 1024)
    private String sealedPassword;

    /** The PEM the operator supplied to trust, if any; otherwise the first certificate seen is pinned. */
    @Lob
    private String trustedCertificatePem;

    @Column(length = 64)
    private String pinnedFingerprint;

    /** Null for vCenters added before the rule was kept, and after a move to another host or port. */
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private CertificateRule certificateRule;

    @Column(nullable = false)
    private Instant addedAt;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private JobState discoveryState;

    @Column(length = 36)
    private String discoveryJobId;

    private Instant discoveryStartedAt;

    private Instant discoveryEndedAt;

    @Column(length = 2000)
    private String discoveryError;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "VCENTER_DATACENTER", joinColumns = @JoinColumn(name = "VCENTER_ID"))
    @OrderColumn(name = "POSITION")
    @Column(name = "DATACENTER", length = 255)
    private List<String> datacenters = new ArrayList<>();

    protected Vcenter() {
        // for JPA
    }

    Vcenter(String id, String fabric, String name, Instant addedAt) {
        this.id = id;
        this.fabric = fabric;
        this.name = name;
        this.addedAt = addedAt;
    }

    /**
     * Points at an endpoint; another host or port is another server, so its pin, and a rule to pin the
     * first certificate seen, no longer apply (a supplied certificate or CA still does).
     */
    void connectTo(String newHost, int newPort, String newUser) {
        if (!newHost.equalsIgnoreCase(String.valueOf(host)) || newPort != port) {
            pinnedFingerprint = null;
            if (certificateRule != CertificateRule.SUPPLIED) {
                certificateRule = null;
            }
        }
        host = newHost;
        port = newPort;
        userName = newUser;
    }

    void sealedPassword(String sealed) {
        sealedPassword = sealed;
    }

    /** Trusts exactly this certificate from now on (the pin follows the next connection). */
    void trust(String certificatePem) {
        trustedCertificatePem = certificatePem;
        pinnedFingerprint = null;
        certificateRule = CertificateRule.SUPPLIED;
    }

    /** Trusts exactly the certificate with this SHA-256 fingerprint, as the operator checked it. */
    void pinAsGiven(String fingerprint) {
        trustedCertificatePem = null;
        pinnedFingerprint = fingerprint;
        certificateRule = CertificateRule.PINNED;
    }

    /** Trusts the certificate the next discovery sees, and pins it. */
    void trustOnFirstUse() {
        trustedCertificatePem = null;
        certificateRule = CertificateRule.ON_FIRST_USE;
    }

    /** Whether a discovery would know which certificate to accept (or was told to take the first one). */
    boolean knowsWhichCertificateToTrust() {
        return trustedCertificatePem != null || pinnedFingerprint != null
                || certificateRule == CertificateRule.ON_FIRST_USE;
    }

    void pin(String fingerprint) {
        pinnedFingerprint = fingerprint;
    }

    void discoveryStarted(String jobId, Instant at) {
        discoveryState = JobState.RUNNING;
        discoveryJobId = jobId;
        discoveryStartedAt = at;
        discoveryEndedAt = null;
        discoveryError = null;
    }

    void discoverySucceeded(Instant at, List<String> foundDatacenters) {
        discoveryState = JobState.SUCCEEDED;
        discoveryEndedAt = at;
        discoveryError = null;
        datacenters.clear();
        datacenters.addAll(foundDatacenters);
    }

    void discoveryFailed(Instant at, String reason) {
        discoveryState = JobState.FAILED;
        discoveryEndedAt = at;
        discoveryError = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    public String getId() {
        return id;
    }

    public String getFabric() {
        return fabric;
    }

    public String getName() {
        return name;
    }

    /** "fabric/name", how jobs and events name it. */
    public String getPath() {
        return fabric + "/" + name;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public String getUserName() {
        return userName;
    }

    String getSealedPassword() {
        return sealedPassword;
    }

    public String getTrustedCertificatePem() {
        return trustedCertificatePem;
    }

    /** Supplied, Pinned, PinnedOnFirstUse (pinned by its first discovery) or PinOnFirstUse (not yet). */
    public String certificateTrustLabel() {
        if (trustedCertificatePem != null) {
            return "Supplied";
        }
        if (certificateRule == CertificateRule.PINNED) {
            return "Pinned";
        }
        return pinnedFingerprint != null ? "PinnedOnFirstUse" : "PinOnFirstUse";
    }

    public String getPinnedFingerprint() {
        return pinnedFingerprint;
    }

    public Instant getAddedAt() {
        return addedAt;
    }

    public JobState getDiscoveryState() {
        return discoveryState;
    }

    public String getDiscoveryJobId() {
        return discoveryJobId;
    }

    public Instant getDiscoveryStartedAt() {
        return discoveryStartedAt;
    }

    public Instant getDiscoveryEndedAt() {
        return discoveryEndedAt;
    }

    public String getDiscoveryError() {
        return discoveryError;
    }

    public List<String> getDatacenters() {
        return datacenters;
    }
}
