package org.lifeboat.agent.registration;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.api.JsonFields;
import org.lifeboat.agent.api.JsonHttp;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.connection.CertificateCapture;
import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.agent.disk.DiskId;
import org.lifeboat.agent.state.Credential;

/**
 * Registers this machine with a server ({@code POST {api}/agents}): captures the server's
 * certificate, proves knowledge of the passphrase bound to that certificate, and accepts the
 * answer only if the server proves the same.
 */
public final class Registrar {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration timeout;

    public Registrar(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param verifiedBy when present, the server's certificate must also pass this trust ({@code --ca-cert})
     */
    public Registration register(URI apiUrl, Passphrase passphrase, RegistrationRequest request,
                                 Optional<ServerTrust> verifiedBy)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException,
            RegistrationRefusedException, ServerNotProvenException, ServerApiException {
        X509Certificate certificate = CertificateCapture.leafCertificate(apiAddress(apiUrl), verifiedBy, timeout);
        String certificateHash = PemCertificate.sha256Hex(certificate);
        String nonce = newNonce();
        RegistrationProof proof = new RegistrationProof(passphrase);

        // Only the captured certificate is accepted, so the request goes where the proof says.
        JsonHttp http = new JsonHttp(ServerTrust.pinned(certificate).sslContext(), timeout);
        JsonHttp.Response response = http.post(agentsUri(apiUrl),
                requestBody(request, nonce, proof.agentProof(certificateHash, nonce)), Optional.empty());
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistrationRefusedException("The server refused the passphrase (" + response.error() + ").");
        }
        return accepted(response, proof, certificateHash, nonce, certificate);
    }

    /**
     * Registers with a push installation's one-time token: sent only if the server presents the certificate the
     * installer named, and the answer accepted only if the server proves it holds the same token.
     */
    public Registration register(URI apiUrl, InstallToken token, RegistrationRequest request,
                                 Optional<ServerTrust> verifiedBy)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException,
            RegistrationRefusedException, ServerNotProvenException, ServerApiException {
        X509Certificate certificate = CertificateCapture.leafCertificate(apiAddress(apiUrl), verifiedBy, timeout);
        String certificateHash = PemCertificate.sha256Hex(certificate);
        if (!certificateHash.equals(token.serverCertificateSha256())) {
            throw new UntrustedServerException("it is not the certificate the installer named (SHA-256 "
                    + token.serverCertificateSha256() + ", presented " + certificateHash + "); the token was not sent", null);
        }
        String nonce = newNonce();
        JsonHttp http = new JsonHttp(ServerTrust.pinned(certificate).sslContext(), timeout);
        JsonObject body = Json.createObjectBuilder(requestBody(request, nonce, null))
                .add("registrationToken", token.token()).build();
        JsonHttp.Response response = http.post(agentsUri(apiUrl), body, Optional.empty());
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistrationRefusedException("The server refused the registration token (" + response.error() + ").");
        }
        return accepted(response, token.proof(), certificateHash, nonce, certificate);
    }

    /**
     * Registers a scale-out process server ({@code POST {api}/processServers}) with the same handshake as an
     * agent: the proof is bound to the certificate captured here, and the answer is accepted only if the server
     * proves the passphrase over the same certificate and the process server's id. The request carries {@code own},
     * the certificate of the process server's own key pair; the proof shows the TLS session that carries it ends at
     * the configuration server. {@code replaceCertificate}: the name is registered with another certificate, and this
     * one replaces it (a rebuilt process server); without it the server refuses that (409).
     */
    public ProcessServerRegistration registerProcessServer(URI apiUrl, Passphrase passphrase, String name,
                                                           String replicationAddress, X509Certificate own,
                                                           boolean replaceCertificate)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException,
            RegistrationRefusedException, ServerNotProvenException, ServerApiException {
        return registerProcessServer(apiUrl, passphrase, name, replicationAddress, own, replaceCertificate, false);
    }

    /** As above; {@code applier}: it registers as an applier near Azure (no replication endpoint, no items). */
    public ProcessServerRegistration registerProcessServer(URI apiUrl, Passphrase passphrase, String name,
                                                           String replicationAddress, X509Certificate own,
                                                           boolean replaceCertificate, boolean applier)
            throws ServerUnreachableException, UntrustedServerException, HandshakeRejectedException,
            RegistrationRefusedException, ServerNotProvenException, ServerApiException {
        X509Certificate certificate = CertificateCapture.leafCertificate(apiAddress(apiUrl), Optional.empty(), timeout);
        String certificateHash = PemCertificate.sha256Hex(certificate);
        String nonce = newNonce();
        RegistrationProof proof = new RegistrationProof(passphrase);
        JsonHttp http = new JsonHttp(ServerTrust.pinned(certificate).sslContext(), timeout);
        JsonObject body = Json.createObjectBuilder().add("name", name).add("replicationAddress", replicationAddress)
                .add("nonce", nonce).add("passphraseProof", proof.agentProof(certificateHash, nonce))
                .add("certificate", PemCertificate.encode(own)).add("replaceCertificate", replaceCertificate)
                .add("role", applier ? "applier" : "process-server").build();
        JsonHttp.Response response = http.post(resolve(apiUrl, "processServers"), body, Optional.empty());
        if (response.status() == 401 || response.status() == 403) {
            throw new RegistrationRefusedException("The configuration server refused the passphrase ("
                    + response.error() + ").");
        }
        if (response.status() != 201 && response.status() != 200) {
            throw new RegistrationRefusedException("The configuration server refused the registration: "
                    + response.error() + ".");
        }
        JsonObject answer = response.json();
        try {
            String id = JsonFields.string(answer, "processServerId");
            if (!proof.isServerProof(JsonFields.string(answer, "serverProof"), certificateHash, nonce, id)) {
                throw new ServerNotProvenException("The configuration server's answer does not prove it knows the "
                        + "passphrase; it may be an impostor. Nothing was saved.");
            }
            return new ProcessServerRegistration(id, new Credential(JsonFields.string(answer, "credential")),
                    certificate);
        } catch (IllegalArgumentException e) {
            throw new ServerApiException("the server's registration answer is invalid: " + e.getMessage(), e);
        }
    }

    private static Registration accepted(JsonHttp.Response response, RegistrationProof proof, String certificateHash,
                                         String nonce, X509Certificate certificate)
            throws RegistrationRefusedException, ServerNotProvenException, ServerApiException {
        if (response.status() != 201) {
            throw new RegistrationRefusedException("The server refused the registration: " + response.error() + ".");
        }
        JsonObject answer = response.json();
        String agentId;
        try {
            agentId = JsonFields.string(answer, "agentId");
            if (!proof.isServerProof(JsonFields.string(answer, "serverProof"), certificateHash, nonce, agentId)) {
                throw new ServerNotProvenException("The server's answer does not prove it knows the passphrase;"
                        + " it may be an impostor. Nothing was saved.");
            }
            return new Registration(agentId, new Credential(JsonFields.string(answer, "credential")),
                    ServerAddress.parse(JsonFields.string(answer, "replicationAddress")),
                    JsonFields.array(answer, "disks").stream().map(Registrar::registeredDisk).toList(),
                    certificate);
        } catch (IllegalArgumentException e) {
            throw new ServerApiException("the server's registration answer is invalid: " + e.getMessage(), e);
        }
    }

    /** Where the API listens, for capturing its certificate: the URL's host and port (443 by default). */
    public static ServerAddress apiAddress(URI apiUrl) {
        return new ServerAddress(apiUrl.getHost(), apiUrl.getPort() < 0 ? 443 : apiUrl.getPort());
    }

    private static URI agentsUri(URI apiUrl) {
        return resolve(apiUrl, "agents");
    }

    private static URI resolve(URI apiUrl, String path) {
        String base = apiUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }

    private static JsonObject requestBody(RegistrationRequest request, String nonce, String passphraseProof) {
        JsonArrayBuilder disks = Json.createArrayBuilder();
        request.disks().forEach(disk -> disks.add(Json.createObjectBuilder()
                .add("path", disk.path().toString())
                .add("sizeBytes", disk.sizeBytes())));
        var body = Json.createObjectBuilder()
                .add("name", request.name())
                .add("hostname", request.hostname())
                .add("agentVersion", request.agentVersion())
                .add("disks", disks)
                .add("nonce", nonce);
        if (passphraseProof != null) {
            body.add("passphraseProof", passphraseProof);
        }
        if (request.biosUuid() != null) {
            body.add("biosUuid", request.biosUuid());
        }
        return body.build();
    }

    private static DiskConfiguration registeredDisk(JsonValue value) {
        if (!(value instanceof JsonObject disk)) {
            throw new IllegalArgumentException("an entry of 'disks' is not an object");
        }
        return new DiskConfiguration(DiskId.of(JsonFields.string(disk, "diskId")),
                Path.of(JsonFields.string(disk, "path")), JsonFields.number(disk, "sizeBytes"), false);
    }

    private static String newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }
}
