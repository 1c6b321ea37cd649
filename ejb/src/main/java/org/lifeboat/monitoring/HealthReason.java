package org.lifeboat.monitoring;

/** Why an item is not Normal: a stable code for programs, the level it causes, and words for people. */
public record HealthReason(String code, Health health, String message) {

    public static final String RPO_THRESHOLD_EXCEEDED = "RpoThresholdExceeded";
    public static final String INITIAL_REPLICATION = "InitialReplicationInProgress";
    public static final String NO_HEARTBEAT = "NoAgentHeartbeat";
    public static final String CACHE_NEARLY_FULL = "ProcessServerCacheNearlyFull";
    public static final String DISK_REPLICATION_FAILING = "DiskReplicationFailing";
    public static final String CACHE_UNREADABLE = "ProcessServerCacheUnreadable";
    public static final String PROCESS_SERVER_NOT_HEARTBEATING = "ProcessServerNotHeartbeating";
    public static final String PROCESS_SERVER_CPU_HIGH = "ProcessServerCpuHigh";
    public static final String PROCESS_SERVER_MEMORY_HIGH = "ProcessServerMemoryHigh";
    public static final String PROCESS_SERVER_UPLOAD_BACKLOG = "ProcessServerUploadBacklog";
}
