package org.lifeboat.agent.connection;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a failed TLS handshake into a short reason an operator can act on, when
 * the failure was the server's certificate rather than the connection.
 */
final class CertificateProblem {

    private CertificateProblem() {
    }

    static Optional<String> of(Throwable handshakeFailure, String host) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = handshakeFailure; cause != null; cause = cause.getCause()) {
            causes.add(cause);
        }
        if (causes.stream().anyMatch(CertificateExpiredException.class::isInstance)) {
            return Optional.of("it has expired");
        }
        if (causes.stream().anyMatch(CertificateNotYetValidException.class::isInstance)) {
            return Optional.of("it is not valid yet");
        }
        if (causes.stream().anyMatch(c -> c instanceof CertPathBuilderException || c instanceof CertPathValidatorException)) {
            return Optional.of("unknown issuer");
        }
        // The JDK checks the host name only after the chain is trusted, and says so
        // only in the message, e.g. "No subject alternative DNS name matching x found."
        return causes.stream()
                .filter(CertificateException.class::isInstance)
                .reduce((outer, inner) -> inner)
                .map(certificateFailure -> isHostMismatch(certificateFailure)
                        ? "it is issued for another host name, not " + host
                        : certificateFailure.getMessage());
    }

    private static boolean isHostMismatch(Throwable certificateFailure) {
        String message = String.valueOf(certificateFailure.getMessage());
        return message.startsWith("No subject alternative") || message.startsWith("No name matching");
    }
}
