package org.lifeboat.agent.tracking;

/**
 * What one pass over a disk found.
 *
 * @param complete     every block was compared; false when the pass was abandoned
 * @param changes      data changes handed on
 * @param changedBytes their bytes
 */
public record ScanPass(boolean complete, int changes, long changedBytes) {
}
