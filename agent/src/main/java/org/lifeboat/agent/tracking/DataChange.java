package org.lifeboat.agent.tracking;

/**
 * Changed content found by a scan, small enough for one data record: sectors starting at
 * {@code offset}, lying in blocks {@code firstBlock .. firstBlock + blockCount - 1}.
 *
 * @param completedHashes the new hashes of those blocks once this change is applied, or none
 *                        when this is not the last piece of a block larger than a record
 */
public record DataChange(long offset, byte[] data, int firstBlock, int blockCount, long[] completedHashes) {

    public int length() {
        return data.length;
    }
}
