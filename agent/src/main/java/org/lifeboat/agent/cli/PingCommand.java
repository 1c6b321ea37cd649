package org.lifeboat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.lifeboat.agent.AgentVersion;
import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.PingClient;
import org.lifeboat.agent.connection.PingResult;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerTrust;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.protocol.Hello;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Checks, before anything is replicated, that this machine can reach a server,
 * trusts its certificate, and is welcomed by it.
 */
@Command(name = "ping",
        description = "Connect to a Lifeboat server over TLS, say HELLO and report its answer.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":the server welcomed the agent",
            ExitCodes.SOFTWARE + ":unexpected failure",
            ExitCodes.USAGE + ":invalid arguments or --ca-cert file",
            ExitCodes.UNREACHABLE + ":the server cannot be reached or did not answer in time",
            ExitCodes.UNTRUSTED_CERTIFICATE + ":the server's certificate is not trusted",
            ExitCodes.HANDSHAKE_REJECTED + ":the server refused the handshake or answered nonsense"})
final class PingCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "HOST:PORT", converter = ServerAddressConverter.class,
            description = "The server's host and replication port (9443 unless the server was set up otherwise).")
    private ServerAddress server;

    @Option(names = "--ca-cert", paramLabel = "FILE.pem",
            description = "Trust only the certificate(s) in this PEM file, e.g. the server's self-signed one. "
                    + "Default: the JVM's trust store.")
    private Path caCert;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The agent name to announce. Default: this machine's host name.")
    private String name;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        ServerTrust trust;
        try {
            trust = caCert == null ? ServerTrust.jvmDefault() : ServerTrust.fromPemFile(caCert);
        } catch (NoSuchFileException e) {
            err.println("Cannot use --ca-cert " + caCert + ": no such file.");
            return ExitCodes.USAGE;
        } catch (IOException | CertificateException e) {
            err.println("Cannot use --ca-cert " + caCert + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }

        Hello hello = Hello.unregistered(agentName(), AgentVersion.current());
        try {
            PingResult result = new PingClient(trust, Duration.ofSeconds(timeoutSeconds)).ping(server, hello);
            out.printf("Connected to %s over %s: server %s %s, session %s, round trip %d ms%n",
                    result.server(), result.tlsProtocol(),
                    result.welcome().serverName(), result.welcome().serverVersion(), result.welcome().sessionId(),
                    result.roundTrip().toMillis());
            return ExitCodes.OK;
        } catch (ServerUnreachableException e) {
            err.printf("Cannot reach %s: %s. Is the Lifeboat server running and is the replication port right?%n",
                    server, e.getMessage());
            return ExitCodes.UNREACHABLE;
        } catch (UntrustedServerException e) {
            err.printf("The certificate presented by %s is not trusted (%s). Pass the server's certificate with --ca-cert.%n",
                    server, e.getMessage());
            return ExitCodes.UNTRUSTED_CERTIFICATE;
        } catch (HandshakeRejectedException e) {
            err.printf("The server at %s rejected the handshake: %s%n", server, e.getMessage());
            return ExitCodes.HANDSHAKE_REJECTED;
        }
    }

    private String agentName() {
        if (name != null) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(),
                    "Cannot tell this machine's host name (" + e.getMessage() + "); pass --name");
        }
    }
}
