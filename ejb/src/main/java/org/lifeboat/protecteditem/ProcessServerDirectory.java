package org.lifeboat.protecteditem;

import java.util.Optional;

/**
 * The process servers as item assignment sees them. Implemented on the configuration server only
 * ({@code org.lifeboat.scaleout.ProcessServerAssignments}); a scale-out process server's WAR has none, and never
 * enables items or answers agents' configuration pulls.
 */
public interface ProcessServerDirectory {

    /** The process server a new item goes to: the healthiest one with room, the built-in one when none. */
    String forNewItem();

    /** Where agents reach this process server's replication port; empty for the built-in one or an unknown name. */
    Optional<Endpoint> endpoint(String processServer);

    /**
     * A scale-out process server's replication port as its agents pin it.
     *
     * @param certificateSha256 the SHA-256 of the certificate it presents; empty when it registered before process
     *                          servers had their own (it presents the configuration server's)
     */
    record Endpoint(String replicationAddress, Optional<String> certificateSha256) {
    }
}
