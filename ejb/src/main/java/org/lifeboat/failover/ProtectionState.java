package org.lifeboat.failover;

/** A protected item's state as ASR shows it ({@code protectionState}). */
public enum ProtectionState {
    /** Not every disk is through its first full pass, or the item has no recovery point yet. */
    INITIAL_REPLICATION,
    /** Replicating, with at least one recovery point to fail over to. */
    PROTECTED,
    /** A failover job is creating the machine in Azure. */
    FAILOVER_IN_PROGRESS,
    /** Failed over: the machine runs from its failover disks; the point can still be changed or the failover cancelled. */
    FAILED_OVER,
    /** The failover is final; the other recovery points are gone. */
    FAILOVER_COMMITTED
}
