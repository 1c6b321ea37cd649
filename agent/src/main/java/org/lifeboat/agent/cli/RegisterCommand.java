package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.lifeboat.agent.AgentVersion;
import org.lifeboat.agent.api.AgentConfiguration;
import org.lifeboat.agent.api.DiskConfiguration;
import org.lifeboat.agent.api.ReplicationPolicy;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.agent.disk.DiskProbe;
import org.lifeboat.agent.disk.DiskProblemException;
import org.lifeboat.agent.disk.LocalDisk;
import org.lifeboat.agent.registration.BiosUuid;
import org.lifeboat.agent.registration.InstallToken;
import org.lifeboat.agent.registration.Passphrase;
import org.lifeboat.agent.registration.Registrar;
import org.lifeboat.agent.registration.Registration;
import org.lifeboat.agent.registration.RegistrationRefusedException;
import org.lifeboat.agent.registration.RegistrationRequest;
import org.lifeboat.agent.registration.ServerNotProvenException;
import org.lifeboat.agent.state.AgentIdentity;
import org.lifeboat.agent.state.StateDirectory;
import org.lifeboat.agent.state.StateException;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Registers this machine and its disks with a server, proving knowledge of the registration
 * passphrase without sending it, and pins the server's certificate once the server has proven
 * the same. Everything is checked before anything is written.
 */
@Command(name = "register",
        description = "Register this machine and its disks with a Lifeboat server and create the agent's state directory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":registered",
            ExitCodes.USAGE + ":invalid arguments, disk, passphrase file or state directory",
            ExitCodes.UNREACHABLE + ":the server cannot be reached",
            ExitCodes.UNTRUSTED_CERTIFICATE + ":the server's certificate or its passphrase proof is not trusted",
            ExitCodes.HANDSHAKE_REJECTED + ":TLS with the server failed",
            ExitCodes.REFUSED + ":the server refused the passphrase, the token or the registration",
            ExitCodes.FAILED + ":the server's answer or the state directory could not be used"})
final class RegisterCommand implements Callable<Integer> {

    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "API-URL",
            description = "The server's REST API, e.g. https://lifeboat.example.com:8081/lifeboat/api/v1")
    private URI apiUrl;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Secret secret;

    /** The passphrase an operator gives, or the one-time token a push installation wrote. */
    static final class Secret {
        @Option(names = "--passphrase-file", required = true, paramLabel = "FILE",
                description = "A file holding the registration passphrase shown by the server. It is never sent.")
        Path passphraseFile;

        @Option(names = "--token-file", required = true, paramLabel = "FILE",
                description = "A push installation's one-time registration token (a 0600 file the server wrote "
                        + "over SSH: token= and serverCertificateSha256=); sent only to that certificate.")
        Path tokenFile;
    }

    @Option(names = "--disk", required = true, paramLabel = "PATH",
            description = "A disk to protect: a block device (e.g. /dev/sdb) or a raw image file. Repeat for more disks.")
    private List<Path> diskPaths;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = "A new or empty directory for the agent's state, e.g. /var/lib/lifeboat-agent")
    private Path stateRoot;

    @Option(names = "--name", paramLabel = "NAME", description = "The name to register under. Default: this machine's host name.")
    private String name;

    @Option(names = "--ca-cert", paramLabel = "FILE.pem",
            description = "Also require the server's certificate to be issued by one of these certificates.")
    private Path caCert;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up on the server after this many seconds. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"https".equalsIgnoreCase(apiUrl.getScheme()) || apiUrl.getHost() == null) {
            err.println("--server must be the https:// URL of the server's API, e.g. https://lifeboat.example.com:8081/lifeboat/api/v1");
            return ExitCodes.USAGE;
        }
        if (timeoutSeconds < 1) {
            err.println("--timeout must be at least 1 second");
            return ExitCodes.USAGE;
        }
        try {
            StateDirectory.requireUnused(stateRoot);
        } catch (StateException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        Passphrase passphrase = null;
        InstallToken token = null;
        String option = secret.tokenFile != null ? "--token-file" : "--passphrase-file";
        Path secretFile = secret.tokenFile != null ? secret.tokenFile : secret.passphraseFile;
        try {
            if (secret.tokenFile != null) {
                token = InstallToken.fromFile(secretFile);
            } else {
                passphrase = Passphrase.fromFile(secretFile);
            }
        } catch (NoSuchFileException e) {
            err.println("Cannot read " + option + " " + secretFile + ": no such file.");
            return ExitCodes.USAGE;
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot use " + option + " " + secretFile + ": " + e.getMessage() + ".");
            return ExitCodes.USAGE;
        }
        List<LocalDisk> disks = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path path : diskPaths) {
            try {
                LocalDisk disk = DiskProbe.probe(path.toAbsolutePath().normalize());
                if (!seen.add(disk.path().toRealPath())) {
                    err.println("Disk " + path + " is given more than once.");
                    return ExitCodes.USAGE;
                }
                disks.add(disk);
            } catch (DiskProblemException e) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("Disk " + path + " cannot be resolved: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            err.println("Cannot tell this machine's host name (" + e.getMessage() + ").");
            return ExitCodes.USAGE;
        }
        Optional<ServerTrust> verifiedBy;
        try {
            verifiedBy = caCert == null ? Optional.empty() : Optional.of(ServerTrust.fromPemFile(caCert));
        } catch (NoSuchFileException e) {
            err.println("Cannot use --ca-cert " + caCert + ": no such file.");
            return ExitCodes.USAGE;
        } catch (IOException | CertificateException e) {
            err.println("Cannot use --ca-cert " + caCert + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }

        RegistrationRequest request = new RegistrationRequest(name == null ? hostname : name, hostname,
                AgentVersion.current(), disks, BiosUuid.read(BiosUuid.LINUX).orElse(null));
        ServerAddress server = Registrar.apiAddress(apiUrl);
        Registration registration;
        try {
            Registrar registrar = new Registrar(Duration.ofSeconds(timeoutSeconds));
            registration = token != null ? registrar.register(apiUrl, token, request, verifiedBy)
                    : registrar.register(apiUrl, passphrase, request, verifiedBy);
        } catch (ServerUnreachableException | UntrustedServerException | HandshakeRejectedException
                 | RegistrationRefusedException | ServerNotProvenException | ServerApiException e) {
            return RegistrationFailures.report(e, "the server", server, err);
        }

        AgentIdentity identity = new AgentIdentity(registration.agentId(), registration.credential(), apiUrl,
                registration.replicationAddress(), request.name());
        AgentConfiguration configuration = new AgentConfiguration(registration.agentId(),
                registration.replicationAddress(), Optional.empty(), registration.disks(), ReplicationPolicy.DEFAULT,
                DEFAULT_HEARTBEAT);
        try {
            StateDirectory.create(stateRoot, identity, registration.serverCertificate(), configuration.toJson().toString());
        } catch (StateException e) {
            err.println("The server registered agent " + registration.agentId() + ", but its state could not be saved: "
                    + e.getMessage() + " Remove the agent on the server and register again.");
            return ExitCodes.FAILED;
        }
        out.printf("Registered as agent %s (%s) with %s; state in %s.%n", registration.agentId(), request.name(),
                server, stateRoot);
        // No disk ids here: each disk gets the id the API takes when replication is enabled
        // (PUT /protectedItems/{item} answers with them); printing another one only misleads.
        for (DiskConfiguration disk : registration.disks()) {
            out.printf("  disk: %s, %d bytes%n", disk.path(), disk.sizeBytes());
        }
        out.printf("Enable replication on the server (PUT /api/v1/protectedItems/{name} with {\"agentId\":\"%s\"}), "
                + "then start the agent: lifeboat-agent run --state %s%n", registration.agentId(), stateRoot);
        return ExitCodes.OK;
    }
}
