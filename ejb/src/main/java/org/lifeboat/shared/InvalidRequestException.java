package org.lifeboat.shared;

import jakarta.ejb.ApplicationException;

/** A request the vault refuses as given; names the field and the reason (HTTP 400). */
@ApplicationException(rollback = true)
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
