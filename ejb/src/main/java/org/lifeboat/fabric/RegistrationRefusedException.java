package org.lifeboat.fabric;

import jakarta.ejb.ApplicationException;

/** The agent did not prove it knows the registration passphrase (HTTP 401). */
// no rollback: the event recording the refusal is kept
@ApplicationException(rollback = false)
public class RegistrationRefusedException extends RuntimeException {

    public RegistrationRefusedException(String message) {
        super(message);
    }
}
