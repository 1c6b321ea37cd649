package org.lifeboat.agent.failback;

/** Bytes {@code offset} to {@code offset + length - 1} of a disk image: a run of blocks a master target asks for. */
public record ImageRange(long offset, int length) {

    public ImageRange {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("a range of " + length + " bytes at " + offset);
        }
    }
}
