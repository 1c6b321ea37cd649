package org.lifeboat.failover;

import org.lifeboat.shared.InvalidRequestException;

/** Which way a reProtect or planned failover goes, as ASR names it. */
public enum FailoverDirection {
    /** From the on-premises site into Azure: the ordinary protection. */
    PRIMARY_TO_RECOVERY("PrimaryToRecovery"),
    /** From Azure back to the on-premises site: failback. */
    RECOVERY_TO_PRIMARY("RecoveryToPrimary");

    private final String apiName;

    FailoverDirection(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** @throws InvalidRequestException naming the field for anything else */
    public static FailoverDirection of(String field, String value) {
        for (FailoverDirection direction : values()) {
            if (direction.apiName.equals(value)) {
                return direction;
            }
        }
        throw new InvalidRequestException(field, field + " is PrimaryToRecovery or RecoveryToPrimary");
    }
}
