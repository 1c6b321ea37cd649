package org.lifeboat.pushinstall;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.processserver.VaultKey;
import org.lifeboat.secret.SecretBox;

/**
 * The push installations and their one-time registration tokens. The SSH secret is sealed with a key derived
 * from the vault key (as vCenter passwords are), bound to its row, and opened only to log in.
 */
@Stateless
public class AgentInstallRepository {

    static final String CREDENTIAL_PURPOSE = "push-install-credential";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private VaultKey vaultKey;

    public AgentInstall create(String protectableItemId, InstallRequest.Valid request) {
        AgentInstall install = new AgentInstall(UUID.randomUUID().toString(), protectableItemId, request.target(),
                Instant.now());
        install.sealedCredential(box().seal(request.secret(), install.getId()));
        request.pinned().ifPresent(pin -> install.pin(pin, true));
        em.persist(install);
        return install;
    }

    public void jobStarted(String installId, String jobId) {
        em.find(AgentInstall.class, installId).jobId(jobId);
    }

    public Optional<AgentInstall> find(String installId) {
        return Optional.ofNullable(em.find(AgentInstall.class, installId));
    }

    /** The latest installation onto a protectable item, if any. */
    public Optional<AgentInstall> latestOf(String protectableItemId) {
        List<AgentInstall> installs = em.createNamedQuery(AgentInstall.OF_ITEM, AgentInstall.class)
                .setParameter("item", protectableItemId).setMaxResults(1).getResultList();
        return installs.stream().findFirst();
    }

    public String openCredential(AgentInstall install) {
        return box().open(install.getSealedCredential(), install.getId());
    }

    /** Pins the host key seen on first use (a key given with the request is pinned already). */
    public void pinOnFirstUse(String installId, HostKeyFingerprint seen) {
        AgentInstall install = em.find(AgentInstall.class, installId);
        if (install.getHostKeyFingerprint() == null) {
            install.pin(seen, false);
        }
    }

    /** A new token for the installation (any earlier one no longer registers); returned this once. */
    public String issueToken(String installId, java.time.Duration lifetime) {
        String token = RegistrationToken.create();
        em.find(AgentInstall.class, installId).token(RegistrationToken.hash(token), Instant.now().plus(lifetime));
        return token;
    }

    /**
     * Uses a registration token up, in the caller's transaction (the registration's): at most once, before it
     * expires. The update is one statement, so two registrations racing with one token cannot both pass.
     *
     * @return the installation it was issued for
     * @throws RegistrationRefusedException naming why: unknown, used already, or expired
     */
    public String useToken(String token) {
        String hash = RegistrationToken.hash(token);
        Instant now = Instant.now();
        int used = em.createNamedQuery(AgentInstall.USE_TOKEN).setParameter("now", now).setParameter("hash", hash)
                .executeUpdate();
        List<AgentInstall> found = em.createNamedQuery(AgentInstall.BY_TOKEN, AgentInstall.class)
                .setParameter("hash", hash).getResultList();
        if (found.isEmpty()) {
            throw new RegistrationRefusedException("the registration token is not one this server issued "
                    + "(or a newer one replaced it)");
        }
        AgentInstall install = found.get(0);
        if (used == 0) {
            em.refresh(install);
            throw new RegistrationRefusedException(install.getTokenUsedAt() != null
                    ? "the registration token was used already (at " + install.getTokenUsedAt() + "); a token registers once"
                    : "the registration token expired at " + install.getTokenExpiresAt() + "; install again for a new one");
        }
        return install.getId();
    }

    /** Records the agent a token registered. */
    public void registered(String installId, String agentId) {
        em.find(AgentInstall.class, installId).agentId(agentId);
    }

    private SecretBox box() {
        return SecretBox.forPurpose(vaultKey.key(), CREDENTIAL_PURPOSE);
    }
}
