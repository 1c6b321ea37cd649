package org.lifeboat.processserver;

/** The built-in process server's upload and apply stages, for JMX clients and benchmarks. */
public interface ProcessServerMXBean {

    String OBJECT_NAME = "lifeboat:type=ProcessServer";

    /** Bytes of (compressed, encrypted) log segments put into the cache container. */
    long getUploadedBytes();

    /** Bytes of journal segments before compression, for the compression ratio. */
    long getUploadedSourceBytes();

    long getUploadedSegments();

    long getAppliedSegments();

    /** Segments uploaded and not yet applied to their seed disks. */
    long getApplyBacklogSegments();

    long getApplyBacklogBytes();
}
