package org.lifeboat.shared;

import jakarta.ejb.ApplicationException;

/** The request contradicts the vault's state, e.g. an agent that is already protected (HTTP 409). */
@ApplicationException(rollback = true)
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
