package org.lifeboat.storage;

/** Azure Storage cannot be used right now; the message says what failed, never a secret. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
