package org.lifeboat.agent.api;

import org.lifeboat.agent.disk.DiskId;

/** The server asks the agent to compare a disk with its seed's checksums, for this generation of resync. */
public record ResyncRequest(DiskId diskId, long generation) {
}
