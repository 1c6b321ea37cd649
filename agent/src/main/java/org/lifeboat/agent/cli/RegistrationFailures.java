package org.lifeboat.agent.cli;

import java.io.PrintWriter;
import org.lifeboat.agent.api.ServerApiException;
import org.lifeboat.agent.connection.HandshakeRejectedException;
import org.lifeboat.agent.connection.ServerAddress;
import org.lifeboat.agent.connection.ServerUnreachableException;
import org.lifeboat.agent.connection.UntrustedServerException;
import org.lifeboat.agent.registration.RegistrationRefusedException;
import org.lifeboat.agent.registration.ServerNotProvenException;

/** What a registration (an agent's or a process server's) prints and exits with when it did not happen. */
final class RegistrationFailures {

    private RegistrationFailures() {
    }

    /**
     * Says why, naming the server ({@code whom}, e.g. "the server") and its address, and returns the exit code
     * for it.
     */
    static int report(Exception failure, String whom, ServerAddress server, PrintWriter err) {
        if (failure instanceof ServerUnreachableException) {
            err.printf("Cannot reach %s at %s: %s.%n", whom, server, failure.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        if (failure instanceof UntrustedServerException) {
            err.printf("The certificate presented by %s is not trusted (%s).%n", server, failure.getMessage());
            return ExitCodes.UNTRUSTED_CERTIFICATE;
        }
        if (failure instanceof HandshakeRejectedException) {
            err.printf("TLS with %s failed: %s%n", server, failure.getMessage());
            return ExitCodes.HANDSHAKE_REJECTED;
        }
        if (failure instanceof RegistrationRefusedException) {
            err.println(failure.getMessage());
            return ExitCodes.REFUSED;
        }
        if (failure instanceof ServerNotProvenException) {
            err.println(failure.getMessage());
            return ExitCodes.UNTRUSTED_CERTIFICATE;
        }
        if (failure instanceof ServerApiException) {
            err.println("Registration failed: " + failure.getMessage() + ".");
            return ExitCodes.FAILED;
        }
        throw new IllegalArgumentException("not a registration failure: " + failure, failure);
    }
}
