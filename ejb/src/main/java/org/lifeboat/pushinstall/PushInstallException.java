package org.lifeboat.pushinstall;

import org.lifeboat.job.JobFailedException;

/** A step of a push installation failed, for a reason (and with the remote output) meant for the operator. */
class PushInstallException extends JobFailedException {

    PushInstallException(String reason) {
        super(reason);
    }
}
