package org.lifeboat.recoverypoint;

/**
 * Whether a recovery point can be used. A point is marked {@link #DELETING} and that committed before
 * its snapshots are deleted in Azure Storage, so that no listed point ever lacks its snapshot, however
 * a deletion fails; the row goes once Azure Storage confirmed ({@link PendingDeletions}).
 */
public enum RecoveryPointState {
    /** Listed, and can be failed over to, once complete. */
    AVAILABLE,
    /** Pruned or its item disabled: listed nowhere, its snapshots are being deleted. */
    DELETING
}
