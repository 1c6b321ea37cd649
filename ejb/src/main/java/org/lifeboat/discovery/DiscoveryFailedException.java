package org.lifeboat.discovery;

/** A discovery that could not read the vCenter, with the reason an operator can act on. */
class DiscoveryFailedException extends Exception {

    DiscoveryFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
