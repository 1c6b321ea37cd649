package org.lifeboat.alert;

/** The conditions ASR alerts on for VMware-to-Azure replication, as Lifeboat evaluates them. */
public enum AlertCondition {
    /** A protected item's RPO is above its policy's threshold. */
    RpoThresholdExceeded,
    /** The process server keeps failing to upload or apply one of a protected item's disks. */
    DiskReplicationFailing,
    /** A protected item's agent has not sent a heartbeat within the timeout (15 minutes by default). */
    AgentHeartbeatMissing,
    /** The process server's cache has less than 30 % (Warning) or 25 % (Critical) free. */
    ProcessServerCacheFreeLow,
    /** The process server cannot read its cache folder (its use and free space are unknown). */
    ProcessServerCacheUnreadable,
    /** Uploading the process server's backlog would take over 30 (Warning) or 45 (Critical) minutes. */
    ProcessServerUploadBacklog,
    /** A scale-out process server has not sent a heartbeat within the timeout (2 minutes by default). */
    ProcessServerNotHeartbeating
}
