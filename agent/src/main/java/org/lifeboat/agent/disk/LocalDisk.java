package org.lifeboat.agent.disk;

import java.nio.file.Path;

/** A disk on this machine that the agent can read: a block device or a raw image file. */
public record LocalDisk(Path path, long sizeBytes) {
}
