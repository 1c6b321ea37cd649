package org.lifeboat.processserver;

/** The built-in process server's upload and apply stages, for JMX clients and benchmarks. */
public interface ProcessServerMXBean {

    String OBJECT_NAME = "lifeboat:type=ProcessServer";

    /** Bytes of (compressed, encrypted) log segments put into the cache container. */
    long getUploadedBytes();

    /** Bytes of journal segments before compression, for the compression ratio. */
    long getUploadedSourceBytes();

    long getUploadedSegments();

    /** Segments applied to seed disks, from the cache container or directly. */
    long getAppliedSegments();

    /** Writes the log applier started into seed blobs (each a Put Page, or a clear, of up to 4 MiB). */
    long getSeedWrites();

    /** Bytes of those writes. */
    long getSeedWriteBytes();

    /** Segments the log applier took straight from local disk into their seed disks, never uploaded. */
    long getDirectlyAppliedSegments();

    /** Bytes of journal segments applied that way. */
    long getDirectlyAppliedBytes();

    /**
     * Segments the log applier began to take straight from local disk but had not applied when their direct-apply
     * window ended: given back to the upload worker, so that none stays on local disk only for longer than the window.
     */
    long getDirectApplyGivenBack();

    /**
     * How long a sealed segment of a disk past its initial replication may wait for the log applier
     * to take it straight into its seed disk before it is uploaded to the cache container instead;
     * 0 sends everything through the container. Setting it lasts until the server restarts
     * ({@code -Dlifeboat.cache.direct-apply-seconds} lasts).
     */
    long getDirectApplySeconds();

    void setDirectApplySeconds(long seconds);

    /** The same during a disk's initial replication ({@code -Dlifeboat.cache.initial-direct-apply-seconds}). */
    long getInitialDirectApplySeconds();

    void setInitialDirectApplySeconds(long seconds);

    /**
     * Request body bytes this server sent to the storage account's {@code cache} container (log segments,
     * compressed and encrypted), per try: with the process server on premises, WAN bytes.
     */
    long getWanCacheBytes();

    /** The same for Put Page into the seed blobs ({@code seeds}): what an applier near Azure takes off the WAN. */
    long getWanSeedBytes();

    /** The same for anything else (the vault catalog, failover disks). */
    long getWanOtherBytes();

    /** Segments uploaded and not yet applied to their seed disks. */
    long getApplyBacklogSegments();

    long getApplyBacklogBytes();

    /**
     * Segments made durable in Azure (uploaded, or applied straight from local disk) whose source time was known:
     * the count behind the two sums below, which say where a write's source time waited (docs/monitoring.md).
     */
    long getDurableTimedSegments();

    /**
     * Sum over those segments of the time from their newest source time to their last record's journal write
     * (agent pass, sending, journal commit), in milliseconds.
     */
    long getSourceToJournalMillis();

    /**
     * Sum over those segments of the time from their last record's journal write to durable in Azure (the rest
     * of the seal interval, the direct-apply window, the stage's round, the upload or apply itself), in
     * milliseconds.
     */
    long getJournalToDurableMillis();

    /**
     * Sum over uploaded segments of the time from their last journal write until their upload started (the rest of
     * the seal interval, the direct-apply window, the upload stage's rounds and queue), in milliseconds; divide by
     * {@link #getUploadedSegments()}.
     */
    long getUploadWaitMillis();

    /** Sum over uploaded segments of the time to read, compress and encrypt them, in milliseconds. */
    long getUploadPackMillis();

    /** Sum over uploaded segments of the time their Put Blob into the cache container took, in milliseconds. */
    long getUploadPutMillis();

    /**
     * Whether the log applier pauses its Put Pages from the cache container of a disk while that disk's segments are
     * being uploaded ({@code -Dlifeboat.cache.uploads-first}, default true; setting it lasts until the server
     * restarts).
     */
    boolean isUploadsFirst();

    void setUploadsFirst(boolean on);

    /** The log applier's time paused for uploads that way since the server started, in milliseconds. */
    long getApplierPausedMillis();

    /** Disks the upload or apply stage failed on 3 times in a row or more, each waiting out its back-off. */
    int getFailingDisks();
}
