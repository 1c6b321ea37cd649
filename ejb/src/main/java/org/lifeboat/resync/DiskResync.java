package org.lifeboat.resync;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One disk's share of a resync: whether the agent has compared it for the generation asked, and
 * how many blocks it compared and found different (those it sends again).
 */
public record DiskResync(String diskId, String path, boolean done, long comparedBlocks, long differingBlocks) {

    /** The job's result: one clause per disk, e.g. {@code /dev/sdb (id): 1024 blocks compared, 3 differed (sent)}. */
    static String summary(List<DiskResync> disks) {
        return disks.stream().map(DiskResync::describe).collect(Collectors.joining("; "));
    }

    String describe() {
        String name = path + " (" + diskId + ")";
        return done ? name + ": " + comparedBlocks + " blocks compared, " + differingBlocks + " differed (sent)"
                : name + ": not compared yet";
    }
}
