package org.lifeboat.discovery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.processserver.VaultKey;
import org.lifeboat.secret.SecretBox;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * The vCenters of the vault and what their last discovery found. The password is sealed with a key
 * derived from the vault key and opened only to log in; it is never logged or returned.
 */
@Stateless
public class VcenterRepository {

    static final String PASSWORD_PURPOSE = "vcenter-password";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private VaultKey vaultKey;

    @EJB
    private EventRepository events;

    /** Adds the vCenter or updates it; {@code added} tells which. */
    public record Saved(Vcenter vcenter, boolean added) {
    }

    public Saved put(String fabric, String name, VcenterSpec spec) {
        VcenterSpec.requireName("fabric", fabric);
        VcenterSpec.requireName("vcenter", name);
        if (spec == null) {
            throw new InvalidRequestException("body", "a JSON body with host, user and password is required");
        }
        spec.validate();
        Optional<Vcenter> existing = find(fabric, name);
        for (Vcenter other : em.createNamedQuery(Vcenter.BY_ENDPOINT, Vcenter.class).setParameter("host", spec.host())
                .setParameter("port", spec.portOrDefault()).getResultList()) {
            if (existing.map(v -> !v.getId().equals(other.getId())).orElse(true)) {
                throw new ConflictException(spec.host() + ":" + spec.portOrDefault() + " is already added as vCenter '"
                        + other.getPath() + "'");
            }
        }
        if (existing.isEmpty() && spec.password() == null) {
            throw new InvalidRequestException("password", "password is required when adding a vCenter");
        }
        Vcenter vcenter = existing.orElseGet(() -> new Vcenter(UUID.randomUUID().toString(), fabric, name, Instant.now()));
        vcenter.connectTo(spec.host(), spec.portOrDefault(), spec.user());
        if (spec.password() != null) {
            vcenter.sealedPassword(box().seal(spec.password(), vcenter.getId()));
        }
        if (spec.certificate() != null) {
            vcenter.trust(spec.certificate());
        } else if (spec.certificateFingerprint() != null) {
            vcenter.pinAsGiven(spec.normalizedFingerprint());
        } else if (spec.trustOnFirstUse()) {
            vcenter.trustOnFirstUse();
        } else if (!vcenter.knowsWhichCertificateToTrust()) {
            throw untrustedCertificate(spec);
        }
        if (existing.isEmpty()) {
            em.persist(vcenter);
        }
        events.record(Severity.INFO, "vcenter " + vcenter.getPath(), (existing.isEmpty() ? "Added" : "Updated")
                + " vCenter " + spec.user() + "@" + spec.host() + ":" + spec.portOrDefault()
                + (spec.certificate() != null ? " trusting the supplied certificate"
                : spec.certificateFingerprint() != null ? " pinning the certificate SHA-256 " + spec.normalizedFingerprint()
                : spec.trustOnFirstUse() ? " to pin the certificate its first discovery sees" : ""));
        return new Saved(vcenter, existing.isEmpty());
    }

    /**
     * Nothing says which certificate to accept: refuse, naming the certificate the vCenter presents now
     * so that the operator can check it and pin it. Nothing was stored yet (the transaction rolls back).
     */
    private static InvalidRequestException untrustedCertificate(VcenterSpec spec) {
        CertificateProbe.Seen seen = CertificateProbe.fetch(spec.host(), spec.portOrDefault());
        String presented = seen.certificate().map(c -> "it presents SHA-256 " + CertificateTrust.fingerprint(c)
                + " (subject " + c.getSubjectX500Principal().getName() + ", issuer "
                + c.getIssuerX500Principal().getName() + ", valid until " + c.getNotAfter().toInstant() + ")")
                .orElse("its certificate could not be fetched (" + seen.failure() + ")");
        return new InvalidRequestException("trustOnFirstUse", "the vCenter's certificate is neither pinned nor "
                + "supplied: " + presented + "; check it, then PUT again with certificateFingerprint to pin it, "
                + "certificate (PEM of it or of its CA) to trust it, or trustOnFirstUse: true to accept the "
                + "certificate the first discovery sees");
    }

    public Optional<Vcenter> find(String fabric, String name) {
        return em.createNamedQuery(Vcenter.BY_NAME, Vcenter.class).setParameter("fabric", fabric)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /** How to log in to a vCenter, its password opened, for an action on its VMs (a failover's shutdown). */
    public Optional<VcenterConnection> connection(String fabric, String name) {
        return find(fabric, name).map(v -> new VcenterConnection(v.getHost(), v.getPort(), v.getUserName(),
                box().open(v.getSealedPassword(), v.getId()), v.getPinnedFingerprint(), v.getTrustedCertificatePem()));
    }

    public Vcenter get(String fabric, String name) {
        return find(fabric, name).orElseThrow(() -> new ItemNotFoundException("no vCenter '" + name
                + "' in fabric '" + fabric + "'"));
    }

    public List<Vcenter> all() {
        return em.createNamedQuery(Vcenter.ALL, Vcenter.class).getResultList();
    }

    public List<Vcenter> inFabric(String fabric) {
        return em.createNamedQuery(Vcenter.IN_FABRIC, Vcenter.class).setParameter("fabric", fabric).getResultList();
    }

    public List<DiscoveredHost> hosts(Vcenter vcenter) {
        return em.createNamedQuery(DiscoveredHost.OF_VCENTER, DiscoveredHost.class).setParameter("vcenter", vcenter)
                .getResultList();
    }

    public long vmCount(Vcenter vcenter) {
        return em.createQuery("SELECT COUNT(v) FROM DiscoveredVm v WHERE v.vcenter = :vcenter", Long.class)
                .setParameter("vcenter", vcenter).getSingleResult();
    }

    public List<DiscoveredVm> allVms() {
        return em.createNamedQuery(DiscoveredVm.ALL, DiscoveredVm.class).getResultList();
    }

    public void remove(String fabric, String name) {
        Vcenter vcenter = get(fabric, name);
        forgetInventory(vcenter);
        em.remove(vcenter);
        events.record(Severity.INFO, "vcenter " + vcenter.getPath(), "Removed vCenter and its discovered inventory");
    }

    // --- for the discovery ------------------------------------------------------------------------------

    /** Marks the discovery running and opens the password for it; empty when the vCenter was removed. */
    public Optional<VcenterConnection> startDiscovery(String vcenterId, String jobId) {
        return byId(vcenterId).map(v -> {
            v.discoveryStarted(jobId, Instant.now());
            return new VcenterConnection(v.getHost(), v.getPort(), v.getUserName(),
                    box().open(v.getSealedPassword(), v.getId()), v.getPinnedFingerprint(), v.getTrustedCertificatePem());
        });
    }

    /** Replaces what the vCenter's previous discovery found; VMs no longer there disappear. */
    public boolean discovered(String vcenterId, Inventory inventory, String fingerprint) {
        Optional<Vcenter> found = byId(vcenterId);
        if (found.isEmpty()) {
            return false;
        }
        Vcenter vcenter = found.get();
        forgetInventory(vcenter);
        Instant now = Instant.now();
        inventory.hosts().forEach(h -> em.persist(new DiscoveredHost(UUID.randomUUID().toString(), vcenter, h)));
        inventory.vms().forEach(vm -> em.persist(new DiscoveredVm(UUID.randomUUID().toString(), vcenter, vm, now)));
        if (vcenter.getPinnedFingerprint() == null && fingerprint != null) {
            vcenter.pin(fingerprint);
            events.record(Severity.INFO, "vcenter " + vcenter.getPath(), "Pinned the vCenter's certificate, SHA-256 "
                    + fingerprint);
        }
        vcenter.discoverySucceeded(now, inventory.datacenters());
        return true;
    }

    public void discoveryFailed(String vcenterId, String reason) {
        byId(vcenterId).ifPresent(v -> {
            v.discoveryFailed(Instant.now(), reason);
            events.record(Severity.WARNING, "vcenter " + v.getPath(), "Discovery failed: " + reason);
        });
    }

    private void forgetInventory(Vcenter vcenter) {
        em.createNamedQuery(DiscoveredVm.OF_VCENTER, DiscoveredVm.class).setParameter("vcenter", vcenter)
                .getResultList().forEach(em::remove);
        em.createNamedQuery(DiscoveredHost.OF_VCENTER, DiscoveredHost.class).setParameter("vcenter", vcenter)
                .getResultList().forEach(em::remove);
        em.flush();
    }

    private Optional<Vcenter> byId(String vcenterId) {
        return Optional.ofNullable(em.find(Vcenter.class, vcenterId));
    }

    private SecretBox box() {
        return SecretBox.forPurpose(vaultKey.key(), PASSWORD_PURPOSE);
    }
}
