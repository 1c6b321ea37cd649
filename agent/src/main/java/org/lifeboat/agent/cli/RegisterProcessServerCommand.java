package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.PemCertificate;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.agent.registration.Passphrase;
import org.lifeboat.agent.registration.ProcessServerRegistration;
import org.lifeboat.agent.registration.Registrar;
import org.lifeboat.agent.registration.RegistrationRefusedException;
import org.lifeboat.agent.registration.ServerNotProvenException;
import org.lifeboat.files.SecureFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Registers a scale-out process server with its configuration server ({@code lifeboat process-server start} runs
 * it before starting Payara Micro): the agents' handshake, and on success the id, the credential and the pinned
 * certificate written owner-only into {@code --out}. Nothing is written when the server refuses.
 */
@Command(name = "register-process-server",
        description = "Register a scale-out process server with its configuration server (used by 'lifeboat process-server start').",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":registered",
            ExitCodes.USAGE + ":invalid arguments or passphrase file",
            ExitCodes.UNREACHABLE + ":the server cannot be reached",
            ExitCodes.UNTRUSTED_CERTIFICATE + ":the server's passphrase proof is not right",
            ExitCodes.HANDSHAKE_REJECTED + ":TLS with the server failed",
            ExitCodes.REFUSED + ":the server refused the passphrase or the registration",
            ExitCodes.FAILED + ":the server's answer or the output directory could not be used"})
final class RegisterProcessServerCommand implements Callable<Integer> {

    static final String ID_FILE = "process-server-id";
    static final String CREDENTIAL_FILE = "process-server-credential";
    static final String CERTIFICATE_FILE = "config-server.pem";

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "API-URL",
            description = "The configuration server's REST API, e.g. https://lifeboat.example.com:8081/lifeboat/api/v1")
    private URI apiUrl;

    @Option(names = "--passphrase-file", required = true, paramLabel = "FILE",
            description = "A file holding the registration passphrase. It is never sent.")
    private Path passphraseFile;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The process server's name.")
    private String name;

    @Option(names = "--replication-address", required = true, paramLabel = "HOST:PORT",
            description = "Where agents reach its replication port.")
    private String replicationAddress;

    @Option(names = "--certificate", required = true, paramLabel = "PEM-FILE",
            description = "The certificate of the process server's own key pair, which its replication port presents.")
    private Path certificate;

    @Option(names = "--replace-certificate",
            description = "The name is registered with another certificate (a rebuilt process server): replace it.")
    private boolean replaceCertificate;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "process-server",
            description = "process-server (the default) or applier (an applier near Azure: no replication endpoint).")
    private String role;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where to write " + ID_FILE + ", " + CREDENTIAL_FILE + " and " + CERTIFICATE_FILE + " (0600).")
    private Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up on the server after this many seconds. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"https".equalsIgnoreCase(apiUrl.getScheme()) || apiUrl.getHost() == null) {
            err.println("--server must be the https:// URL of the configuration server's API");
            return ExitCodes.USAGE;
        }
        Passphrase passphrase;
        try {
            passphrase = Passphrase.fromFile(passphraseFile);
        } catch (NoSuchFileException e) {
            err.println("Cannot read --passphrase-file " + passphraseFile + ": no such file.");
            return ExitCodes.USAGE;
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot use --passphrase-file " + passphraseFile + ": " + e.getMessage() + ".");
            return ExitCodes.USAGE;
        }
        X509Certificate own;
        try (InputStream in = Files.newInputStream(certificate)) {
            own = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            err.println("Cannot read --certificate " + certificate + ": " + e.getMessage() + ".");
            return ExitCodes.USAGE;
        }
        if (!role.equals("process-server") && !role.equals("applier")) {
            err.println("--role is process-server or applier, not '" + role + "'");
            return ExitCodes.USAGE;
        }
        ServerAddress server = Registrar.apiAddress(apiUrl);
        ProcessServerRegistration registration;
        try {
            registration = new Registrar(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
                    .registerProcessServer(apiUrl, passphrase, name, replicationAddress, own, replaceCertificate,
                            role.equals("applier"));
        } catch (ServerUnreachableException | UntrustedServerException | HandshakeRejectedException
                 | RegistrationRefusedException | ServerNotProvenException | ServerApiException e) {
            return RegistrationFailures.report(e, "the configuration server", server, err);
        }
        try {
            SecureFiles.createPrivateDirectories(this.out);
            SecureFiles.writeAtomically(this.out.resolve(ID_FILE),
                    (registration.processServerId() + "\n").getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writeAtomically(this.out.resolve(CREDENTIAL_FILE),
                    (registration.credential().reveal() + "\n").getBytes(StandardCharsets.US_ASCII));
            SecureFiles.writeAtomically(this.out.resolve(CERTIFICATE_FILE),
                    PemCertificate.encode(registration.serverCertificate()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            err.println("The configuration server registered process server " + registration.processServerId()
                    + ", but " + this.out + " could not be written: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        out.printf("Registered process server %s as %s with %s.%n", name, registration.processServerId(), server);
        return ExitCodes.OK;
    }
}
