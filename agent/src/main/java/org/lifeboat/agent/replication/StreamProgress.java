package org.lifeboat.agent.replication;

/**
 * Where one disk's stream stands.
 *
 * @param pendingBytes data sent or queued but not acknowledged
 * @param live         the stream is flowing on the current connection
 * @param refusal      why the server cannot take the stream, or null
 * @param durable      records up to this one are durable in Azure (the server said DURABLE)
 * @param notDurableBytes bytes of blocks acknowledged but not yet durable in Azure, kept to resend
 * @param unknownBytes bytes of blocks whose acknowledged hash the last checkpoint does not know
 */
public record StreamProgress(Sequence acknowledged, long pendingBytes, boolean live,
                             boolean initialComplete, String refusal, Sequence durable, long notDurableBytes,
                             long unknownBytes) {
}
