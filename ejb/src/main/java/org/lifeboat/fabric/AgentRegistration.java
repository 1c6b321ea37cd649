package org.lifeboat.fabric;

import org.lifeboat.shared.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;

/**
 * Registers mobility agents that prove they know the registration passphrase, and authenticates
 * registered agents by their credential.
 */
@Stateless
public class AgentRegistration {

    static final int MAX_DISKS = 64;
    static final int SECTOR = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    private EntityManager em;

    @Inject
    private ServerIdentity server;

    @Inject
    private EventRepository events;

    /** Absent where push installation is not deployed (a scale-out process server only authenticates). */
    @Inject
    private Instance<OneTimeTokens> tokens;

    /** What an agent asks for at registration. */
    public record Request(String name, String hostname, String agentVersion, List<DiskRequest> disks, String nonce,
                          String passphraseProof, String biosUuid, String registrationToken) {

        public Request(String name, String hostname, String agentVersion, List<DiskRequest> disks, String nonce,
                       String passphraseProof, String biosUuid) {
            this(name, hostname, agentVersion, disks, nonce, passphraseProof, biosUuid, null);
        }

        public Request(String name, String hostname, String agentVersion, List<DiskRequest> disks, String nonce,
                       String passphraseProof) {
            this(name, hostname, agentVersion, disks, nonce, passphraseProof, null, null);
        }

        @Override
        public String toString() {
            return "Request[" + name + ", " + hostname + ", proof and token hidden]";
        }
    }

    public record DiskRequest(String path, long sizeBytes) {
    }

    /** What it gets: its identity, its secret (shown this once), and the server's proof. */
    public record Registered(String agentId, String credential, String replicationAddress, String serverProof,
                             List<AgentDisk> disks) {
    }

    public Registered register(Request request) {
        validate(request);
        String fingerprint = server.certificateFingerprint();
        byte[] passphrase;
        String installId = null;
        if (request.registrationToken() != null) {
            // a push installation's one-time token: the agent sends it only to the certificate the installer
            // named to it, and the server proves it holds the same token, so the registration stays mutual
            if (tokens.isUnsatisfied()) {
                throw new RegistrationRefusedException("this server takes no one-time registration tokens");
            }
            installId = tokens.get().use(request.registrationToken());
            passphrase = request.registrationToken().getBytes(StandardCharsets.UTF_8);
        } else {
            passphrase = server.registrationPassphrase();
        }
        if (installId == null && !RegistrationProof.matches(RegistrationProof.agentProof(passphrase, fingerprint,
                request.nonce()), request.passphraseProof())) {
            // counted per address by the caller (RefusalTally), not stored one event per attempt
            throw new RegistrationRefusedException("wrong registration passphrase, or the connection to the server "
                    + "is intercepted (the agent saw another certificate)");
        }
        String agentId = UUID.randomUUID().toString();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String credential = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        MobilityAgent agent = new MobilityAgent(agentId, request.name(), request.hostname(), request.agentVersion(),
                hash(credential), Instant.now());
        if (request.biosUuid() != null) {
            agent.biosUuid(request.biosUuid().toLowerCase(java.util.Locale.ROOT));
        }
        for (DiskRequest disk : request.disks()) {
            agent.addDisk(UUID.randomUUID().toString(), disk.path(), disk.sizeBytes());
        }
        em.persist(agent);
        if (installId != null) {
            tokens.get().registered(installId, agentId);
        }
        events.record(Severity.INFO, "registration", "Agent '" + request.name() + "' registered as " + agentId
                + " with " + request.disks().size() + " disk(s)" + (installId == null ? ""
                : " by push installation " + installId + " (one-time token)"));
        return new Registered(agentId, credential, server.replicationAddress(),
                RegistrationProof.serverProof(passphrase, fingerprint, request.nonce(), agentId), agent.getDisks());
    }

    /** The agent with this id and credential, unless it is unknown or revoked. */
    public Optional<MobilityAgent> authenticate(String agentId, String credential) {
        if (agentId == null || credential == null || agentId.length() > 36) {
            return Optional.empty();
        }
        MobilityAgent agent = em.find(MobilityAgent.class, agentId);
        if (agent == null || agent.isRevoked()) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(agent.getCredentialHash().getBytes(StandardCharsets.US_ASCII),
                hash(credential).getBytes(StandardCharsets.US_ASCII)) ? Optional.of(agent) : Optional.empty();
    }

    public Optional<MobilityAgent> find(String agentId) {
        return Optional.ofNullable(agentId == null || agentId.length() > 36 ? null
                : em.find(MobilityAgent.class, agentId));
    }

    /**
     * A new registration passphrase, returned this once: registrations with the old one are refused
     * from now on; agents registered already keep their own credentials.
     */
    public String regeneratePassphrase() {
        String passphrase = server.regenerateRegistrationPassphrase();
        events.record(Severity.INFO, "registration", "The registration passphrase was regenerated: "
                + "the previous one no longer registers agents");
        return passphrase;
    }

    /** Every registered agent, revoked ones included, by name. */
    public List<MobilityAgent> all() {
        return em.createNamedQuery(MobilityAgent.ALL, MobilityAgent.class).getResultList();
    }

    private static void validate(Request request) {
        require("name", request.name() != null && !request.name().isBlank() && request.name().length() <= 128,
                "name is required, at most 128 characters");
        require("hostname", request.hostname() == null || request.hostname().length() <= 255,
                "hostname is at most 255 characters");
        require("nonce", request.nonce() != null && request.nonce().length() >= 16 && request.nonce().length() <= 64,
                "nonce is required (16 random bytes, base64)");
        require("passphraseProof", (request.passphraseProof() != null) != (request.registrationToken() != null),
                "either passphraseProof or registrationToken is required, not both");
        require("registrationToken", request.registrationToken() == null || request.registrationToken().length() <= 128,
                "registrationToken is at most 128 characters");
        require("biosUuid", request.biosUuid() == null || request.biosUuid()
                        .matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
                "biosUuid is the machine's SMBIOS UUID (8-4-4-4-12 hex digits), or left out");
        require("disks", request.disks() != null && !request.disks().isEmpty() && request.disks().size() <= MAX_DISKS,
                "between 1 and " + MAX_DISKS + " disks are required");
        Set<String> paths = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (DiskRequest disk : request.disks()) {
            if (disk == null || disk.path() == null || disk.path().isBlank() || disk.path().length() > 1024) {
                problems.add("every disk needs a path of at most 1024 characters");
            } else if (!paths.add(disk.path())) {
                problems.add("disk " + disk.path() + " is listed twice");
            } else if (disk.sizeBytes() <= 0 || disk.sizeBytes() % SECTOR != 0) {
                problems.add("disk " + disk.path() + " has size " + disk.sizeBytes()
                        + ", which is not a positive multiple of " + SECTOR);
            }
        }
        require("disks", problems.isEmpty(), String.join("; ", problems));
    }

    private static void require(String field, boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(field, message);
        }
    }

    /** The SHA-256 (hex) of a credential: all the vault keeps of an agent's or a process server's secret. */
    public static String hash(String credential) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
