package org.lifeboat.agent.registration;

/** The server turned the registration down: wrong passphrase, or invalid details. */
public class RegistrationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    RegistrationRefusedException(String message) {
        super(message);
    }
}
