package org.lifeboat.shared;

import jakarta.ejb.ApplicationException;

/** No such protected item, agent or recovery point (HTTP 404). */
@ApplicationException(rollback = true)
public class ItemNotFoundException extends RuntimeException {

    public ItemNotFoundException(String message) {
        super(message);
    }
}
