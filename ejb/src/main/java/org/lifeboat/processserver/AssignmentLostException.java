package org.lifeboat.processserver;

import jakarta.ejb.ApplicationException;

/**
 * This process server no longer holds the item's assignment at the epoch its log applier read: another one owns
 * the disk now, and the segment is not recorded applied here (the transaction rolls back).
 */
@ApplicationException(rollback = true)
public class AssignmentLostException extends RuntimeException {

    public AssignmentLostException(String item, String processServer, long epoch) {
        super("process server '" + processServer + "' no longer holds the assignment of '" + item + "' (epoch "
                + epoch + ")");
    }
}
