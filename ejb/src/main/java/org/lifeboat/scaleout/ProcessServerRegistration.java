package org.lifeboat.scaleout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.lifeboat.alert.AlertRules;
import org.lifeboat.event.EventRepository;
import org.lifeboat.event.Severity;
import org.lifeboat.fabric.AgentRegistration;
import org.lifeboat.fabric.RegistrationProof;
import org.lifeboat.fabric.RegistrationRefusedException;
import org.lifeboat.fabric.ServerIdentity;
import org.lifeboat.shared.ConflictException;
import org.lifeboat.shared.InvalidRequestException;
import org.lifeboat.shared.ItemNotFoundException;

/**
 * Registers scale-out process servers with the agents' handshake ({@link RegistrationProof}): the process server
 * proves it knows the registration passphrase, bound to the certificate it saw, and this server proves the same
 * back. The request carries the certificate of the process server's own key pair (its replication port's), which the
 * proof covers: the proof shows the TLS session that carried it ends here. A name registers once; registering it
 * again with the right passphrase keeps its id and row and gives a new credential (the old one stops working). With
 * another certificate it is refused (409) unless the request says {@code replaceCertificate}: the passphrase alone
 * must not let anyone take over a running process server's identity, and with it its agents. Then it heartbeats
 * with its id and credential.
 */
@Stateless
public class ProcessServerRegistration {

    private static final SecureRandom RANDOM = new SecureRandom();

    @EJB
    private ScaleOutProcessServerRepository servers;

    @Inject
    private ServerIdentity server;

    @EJB
    private EventRepository events;

    /** {@code role}: {@value ScaleOutProcessServer#APPLIER_ROLE} for an applier near Azure; null or
     * {@value ScaleOutProcessServer#PROCESS_SERVER_ROLE} for a process server. */
    public record Request(String name, String replicationAddress, String nonce, String passphraseProof,
                          String certificate, boolean replaceCertificate, String role) {

        public Request(String name, String replicationAddress, String nonce, String passphraseProof,
                       String certificate, boolean replaceCertificate) {
            this(name, replicationAddress, nonce, passphraseProof, certificate, replaceCertificate, null);
        }

        @Override
        public String toString() {
            return "Request[" + name + ", " + replicationAddress + ", proof hidden]";
        }
    }

    /** Its id, its credential (shown this once), this server's proof, and whether the name was new. */
    public record Registered(String processServerId, String credential, String serverProof, boolean created) {
        @Override
        public String toString() {
            return "Registered[" + processServerId + ", credential hidden]";
        }
    }

    public Registered register(Request request) {
        validate(request);
        ProcessServerCertificate certificate = ProcessServerCertificate.parse(request.certificate());
        String fingerprint = server.certificateFingerprint();
        byte[] passphrase = server.registrationPassphrase();
        if (!RegistrationProof.matches(RegistrationProof.agentProof(passphrase, fingerprint, request.nonce()),
                request.passphraseProof())) {
            throw new RegistrationRefusedException("wrong registration passphrase, or the connection to the server "
                    + "is intercepted (the process server saw another certificate)");
        }
        if (certificate.sha256().equals(fingerprint)) {
            throw new InvalidRequestException("certificate", "certificate is the configuration server's own: a "
                    + "process server presents a key pair of its own (docs/scale-out.md)");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String credential = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Optional<ScaleOutProcessServer> known = servers.findForUpdate(request.name());
        ScaleOutProcessServer registered;
        String subject = AlertRules.processServerSubject(request.name());
        if (known.isPresent()) {
            registered = known.get();
            Optional<String> previous = registered.getCertificateSha256();
            boolean changed = previous.isPresent() && !previous.get().equals(certificate.sha256());
            if (changed && !request.replaceCertificate()) {
                String conflict = "is registered with another certificate (SHA-256 " + previous.get()
                        + "), not SHA-256 " + certificate.sha256() + "; if it was rebuilt, register it again replacing "
                        + "its certificate (replaceCertificate, or 'lifeboat process-server start --replace-certificate')";
                events.recordAboutRegardless(Severity.WARNING, "registration", subject, "Refused to register process "
                        + "server '" + request.name() + "' again: it " + conflict);
                throw new ConflictException("process server '" + request.name() + "' " + conflict);
            }
            if (registered.isApplier() != isApplier(request) && !servers.itemsOf(request.name()).isEmpty()) {
                throw new ConflictException("process server '" + request.name() + "' has protected items: switch them "
                        + "to another process server before registering it as " + (isApplier(request)
                        ? "an applier" : "a process server"));
            }
            registered.reRegistered(request.replicationAddress(), AgentRegistration.hash(credential), certificate);
            registered.registeredAs(request.role());
            if (changed) {
                events.recordAbout(Severity.WARNING, "registration", subject, "Process server '" + request.name()
                        + "' registered again with a new certificate (SHA-256 " + certificate.sha256() + ", was "
                        + previous.get() + "): its agents pin the new one from their next configuration pull");
            } else {
                events.recordAbout(Severity.INFO, "registration", subject, "Process server '" + request.name()
                        + "' registered again (" + registered.getId() + ", replication port "
                        + request.replicationAddress() + ", certificate SHA-256 " + certificate.sha256() + ")");
            }
        } else {
            registered = new ScaleOutProcessServer(request.name(), UUID.randomUUID().toString(),
                    request.replicationAddress(), AgentRegistration.hash(credential), certificate, Instant.now());
            registered.registeredAs(request.role());
            servers.add(registered);
            events.recordAbout(Severity.INFO, "registration", subject, (isApplier(request) ? "Applier '"
                    : "Process server '") + request.name()
                    + "' registered as " + registered.getId() + " (replication port " + request.replicationAddress()
                    + ", certificate SHA-256 " + certificate.sha256() + ")");
        }
        return new Registered(registered.getId(), credential, RegistrationProof.serverProof(passphrase, fingerprint,
                request.nonce(), registered.getId()), known.isEmpty());
    }

    /** The process server with this id and credential, or empty. */
    public Optional<ScaleOutProcessServer> authenticate(String id, String credential) {
        if (id == null || credential == null || id.length() > 36) {
            return Optional.empty();
        }
        return servers.findById(id).filter(ps -> MessageDigest.isEqual(
                ps.getCredentialHash().getBytes(StandardCharsets.US_ASCII),
                AgentRegistration.hash(credential).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Records the heartbeat of the process server {@code name}; the caller has checked it is that one. */
    public void heartbeat(String name, Heartbeat beat) {
        beat.validate();
        ScaleOutProcessServer ps = servers.findForUpdate(name)
                .orElseThrow(() -> new ItemNotFoundException("no process server '" + name + "'"));
        ps.heartbeat(beat, Instant.now());
    }

    private static boolean isApplier(Request request) {
        return ScaleOutProcessServer.APPLIER_ROLE.equals(request.role());
    }

    private static void validate(Request request) {
        require("role", request.role() == null || ScaleOutProcessServer.APPLIER_ROLE.equals(request.role())
                        || ScaleOutProcessServer.PROCESS_SERVER_ROLE.equals(request.role()),
                "role is '" + ScaleOutProcessServer.PROCESS_SERVER_ROLE + "' (the default) or '"
                        + ScaleOutProcessServer.APPLIER_ROLE + "'");
        require("name", request.name() != null && request.name().matches("[A-Za-z0-9._-]{1,64}"),
                "name is required: 1 to 64 letters, digits, '.', '_' or '-'");
        require("replicationAddress", request.replicationAddress() != null
                        && request.replicationAddress().matches("[A-Za-z0-9.:\\[\\]_-]{1,250}:[0-9]{1,5}"),
                "replicationAddress is required: HOST:PORT, where agents reach its replication port");
        require("nonce", request.nonce() != null && request.nonce().length() >= 16 && request.nonce().length() <= 64,
                "nonce is required (16 random bytes, base64)");
        require("passphraseProof", request.passphraseProof() != null && request.passphraseProof().length() <= 128,
                "passphraseProof is required");
    }

    private static void require(String field, boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(field, message);
        }
    }
}
