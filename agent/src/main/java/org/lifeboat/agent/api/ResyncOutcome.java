package org.lifeboat.agent.api;

/**
 * A finished comparison of a disk with its seed, reported in each heartbeat until the server asks again.
 *
 * @param generation      the resync asked for
 * @param comparedBlocks  blocks compared (every block of the disk)
 * @param differingBlocks blocks whose content differed from the seed's: those are sent again
 */
public record ResyncOutcome(long generation, long comparedBlocks, long differingBlocks) {
}
