package org.lifeboat.failover;

/** Where the machine runs, as ASR shows it: on premises, or failed over to Azure. */
public enum ActiveLocation {
    PRIMARY, RECOVERY
}
